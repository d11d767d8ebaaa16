package io.agentry.core.jobs;

import io.vertx.core.json.JsonObject;

/**
 * Thrown (as a failed future) by a job handler that cannot go on until a person decides: the worker
 * parks the job with {@link JobStore#awaitApproval} and the {@code request}, instead of counting a
 * failed attempt. {@link JobStore#decideApproval} queues it again with the verdict in {@code
 * payload.approval}. A request with {@code "resumeOnReject": true} is queued again on a rejection
 * too, so the handler can act on the feedback; otherwise a rejection cancels the job.
 */
public final class AwaitingApprovalException extends RuntimeException {

  private final JsonObject request;

  public AwaitingApprovalException(JsonObject request) {
    super(describe(request), null, false, false);
    this.request = request == null ? new JsonObject() : request.copy();
  }

  /** What the person is asked to approve; stored as {@code payload.approvalRequest}. */
  public JsonObject request() {
    return request.copy();
  }

  private static String describe(JsonObject request) {
    String tool = request == null ? null : request.getString("tool");
    return tool == null
        ? "waiting for a person's approval"
        : "waiting for a person's approval of " + tool;
  }
}
