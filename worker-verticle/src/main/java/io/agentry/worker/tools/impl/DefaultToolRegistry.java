package io.agentry.worker.tools.impl;

import io.agentry.worker.tools.ApprovalPolicy;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolRegistry;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.tools.ToolResult.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory {@link ToolRegistry}. */
public final class DefaultToolRegistry implements ToolRegistry {

  private final ApprovalPolicy policy;
  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final Map<String, Set<String>> allowLists = new ConcurrentHashMap<>();

  public DefaultToolRegistry(ApprovalPolicy policy) {
    this.policy = policy;
  }

  @Override
  public synchronized ToolRegistry register(Tool tool) {
    if (tools.putIfAbsent(tool.name(), tool) != null) {
      throw new IllegalArgumentException("tool '" + tool.name() + "' is registered twice");
    }
    return this;
  }

  @Override
  public ToolRegistry allow(String agentId, Set<String> toolNames) {
    allowLists.put(agentId, Set.copyOf(toolNames));
    return this;
  }

  @Override
  public synchronized List<Tool> toolsFor(String agentId) {
    Set<String> allowed = allowLists.getOrDefault(agentId, Set.of());
    return tools.values().stream().filter(t -> allowed.contains(t.name())).toList();
  }

  @Override
  public JsonArray schemasFor(String agentId) {
    JsonArray functions = new JsonArray();
    for (Tool tool : toolsFor(agentId)) {
      functions.add(
          new JsonObject()
              .put("type", "function")
              .put(
                  "function",
                  new JsonObject()
                      .put("name", tool.name())
                      .put("description", tool.description())
                      .put("parameters", tool.parameters())));
    }
    return functions;
  }

  @Override
  public Future<ToolResult> invoke(ToolCall call) {
    Tool tool;
    synchronized (this) {
      tool = tools.get(call.tool());
    }
    if (tool == null) {
      return refuse(Status.DENIED, "there is no tool '" + call.tool() + "'");
    }
    if (!allowLists.getOrDefault(call.agentId(), Set.of()).contains(tool.name())) {
      return refuse(
          Status.DENIED, "agent '" + call.agentId() + "' may not use '" + tool.name() + "'");
    }
    List<String> errors = SchemaValidator.validate(tool.parameters(), call.arguments());
    if (!errors.isEmpty()) {
      return refuse(Status.INVALID_ARGUMENTS, tool.name() + ": " + String.join("; ", errors));
    }
    if (!call.approved() && policy.needsApproval(tool.risk())) {
      JsonObject request =
          new JsonObject()
              .put("agent", call.agentId())
              .put("tool", tool.name())
              .put("risk", tool.risk().name())
              .put("arguments", call.arguments());
      return Future.succeededFuture(
          new ToolResult(
              Status.NEEDS_APPROVAL,
              tool.name()
                  + " is "
                  + tool.risk().name().toLowerCase()
                  + " and needs a person's approval",
              request));
    }
    try {
      return tool.call(call)
          .recover(
              e ->
                  Future.succeededFuture(
                      ToolResult.error(tool.name() + " failed: " + e.getMessage())));
    } catch (RuntimeException e) {
      return Future.succeededFuture(ToolResult.error(tool.name() + " failed: " + e.getMessage()));
    }
  }

  private static Future<ToolResult> refuse(Status status, String message) {
    return Future.succeededFuture(new ToolResult(status, message, new JsonObject()));
  }
}
