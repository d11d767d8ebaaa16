package io.agentry.worker.tools;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of a tool call, shown to the model as {@code output}. Only {@link Status#OK} means
 * the tool did its work; {@link Status#NEEDS_APPROVAL} carries the {@code data} to park the job
 * with ({@code JobStore.awaitApproval}).
 */
public record ToolResult(Status status, String output, JsonObject data) {

  public enum Status {
    OK,
    ERROR,
    INVALID_ARGUMENTS,
    DENIED,
    NEEDS_APPROVAL
  }

  public static ToolResult ok(String output) {
    return new ToolResult(Status.OK, output, new JsonObject());
  }

  public static ToolResult ok(String output, JsonObject data) {
    return new ToolResult(Status.OK, output, data);
  }

  public static ToolResult error(String message) {
    return new ToolResult(Status.ERROR, message, new JsonObject());
  }

  public boolean ok() {
    return status == Status.OK;
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status.name()).put("output", output).put("data", data);
  }
}
