package io.agentry.worker.tools;

import io.agentry.worker.tools.impl.DefaultToolRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Set;

/**
 * The tools of a worker and who may use them. {@link #invoke} checks, in order: the tool exists and
 * the agent may use it ({@code DENIED}), the arguments match its schema ({@code
 * INVALID_ARGUMENTS}), the approval policy ({@code NEEDS_APPROVAL} unless the call is approved);
 * only then does the tool run.
 */
public interface ToolRegistry {

  static ToolRegistry create(ApprovalPolicy policy) {
    return new DefaultToolRegistry(policy);
  }

  ToolRegistry register(Tool tool);

  /** Limits {@code agentId} to the named tools; an agent without an allow-list may use none. */
  ToolRegistry allow(String agentId, Set<String> toolNames);

  List<Tool> toolsFor(String agentId);

  /** The agent's tools as OpenAI-style function definitions for a chat-completions request. */
  JsonArray schemasFor(String agentId);

  Future<ToolResult> invoke(ToolCall call);
}
