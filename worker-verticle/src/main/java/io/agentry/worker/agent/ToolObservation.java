package io.agentry.worker.agent;

import io.vertx.core.json.JsonObject;

/**
 * What one tool call of a step returned, as recorded in the ledger ({@code ToolObserved}).
 *
 * @param turn the model turn that asked for the call
 * @param callId the model's id of the call
 * @param tool the tool's name
 * @param arguments the arguments the model gave
 * @param status a {@code ToolResult.Status} name, or {@code REJECTED} when a person refused the
 *     call
 * @param output what the model was shown (capped)
 * @param data the tool's structured result (long strings capped)
 * @param seq the ledger seq of the {@code ToolObserved} event
 */
public record ToolObservation(
    int turn,
    String callId,
    String tool,
    JsonObject arguments,
    String status,
    String output,
    JsonObject data,
    long seq) {

  public static final String REJECTED = "REJECTED";

  public boolean ok() {
    return "OK".equals(status);
  }

  /** The text of the tool message the model reads; the same on every replay of the step. */
  public String forModel() {
    return ok() ? output : status + ": " + output;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("turn", turn)
        .put("callId", callId)
        .put("tool", tool)
        .put("status", status)
        .put("output", output)
        .put("seq", seq);
  }
}
