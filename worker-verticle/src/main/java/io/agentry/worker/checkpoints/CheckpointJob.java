package io.agentry.worker.checkpoints;

import io.agentry.core.goals.CheckpointJobs;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.NonRetryableJobException;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A checkpoint or rollback job as the worker reads it (payloads of {@link CheckpointJobs}). A
 * payload that cannot be read fails the job for good: running it again cannot help.
 *
 * @param name the checkpoint's name (checkpoint jobs only)
 * @param reason why the rollback (rollback jobs only; may be null)
 */
record CheckpointJob(
    Job job,
    UUID projectId,
    UUID taskId,
    UUID agentId,
    UUID checkpointId,
    String name,
    String reason,
    String requestedBy) {

  static CheckpointJob of(Job job) {
    JsonObject p = job.payload();
    if (job.projectId() == null) {
      throw new NonRetryableJobException(
          "BAD_USER_INPUT: a " + job.kind() + " job needs a project");
    }
    try {
      String name = p.getString(CheckpointJobs.NAME);
      return new CheckpointJob(
          job,
          job.projectId(),
          uuid(p, CheckpointJobs.TASK_ID),
          p.getString(CheckpointJobs.AGENT_ID) == null ? null : uuid(p, CheckpointJobs.AGENT_ID),
          uuid(p, CheckpointJobs.CHECKPOINT_ID),
          name == null ? null : CheckpointJobs.requireName(name),
          CheckpointJobs.requireReason(p.getString(CheckpointJobs.REASON)),
          p.getString(CheckpointJobs.REQUESTED_BY, ""));
    } catch (RuntimeException e) {
      throw new NonRetryableJobException(
          "BAD_USER_INPUT: unreadable " + job.kind() + " payload: " + e.getMessage());
    }
  }

  long jobId() {
    return job.id();
  }

  /** The key under which this job's ledger events are found again after a crash. */
  String stepKey() {
    return "job:" + job.id();
  }

  String workspaceOwner() {
    return CheckpointJobs.workspaceOwner(agentId);
  }

  /** Who the records name as the author: the requester, else the job. */
  String author() {
    return requestedBy.isBlank() ? "job:" + job.id() : requestedBy;
  }

  private static UUID uuid(JsonObject payload, String field) {
    String value = payload.getString(field);
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return UUID.fromString(value);
  }
}
