package io.agentry.worker.tools;

import io.agentry.worker.workspace.Workspace;
import io.vertx.core.json.JsonObject;

/**
 * A call of {@code tool} by {@code agentId} with {@code arguments}, in the agent's task {@code
 * workspace}. {@code approved} is set when a person approved this call (the job came back from
 * {@code awaiting_approval} with a positive verdict).
 */
public record ToolCall(
    String agentId, String tool, JsonObject arguments, Workspace workspace, boolean approved) {

  public ToolCall {
    arguments = arguments == null ? new JsonObject() : arguments;
  }

  public static ToolCall of(Workspace workspace, String tool, JsonObject arguments) {
    return new ToolCall(workspace.agentId(), tool, arguments, workspace, false);
  }

  public ToolCall approve() {
    return new ToolCall(agentId, tool, arguments, workspace, true);
  }
}
