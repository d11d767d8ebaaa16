package io.agentry.core.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A job as stored. {@code attempts} counts started executions; {@code leaseEpoch} fences writes.
 */
public record Job(
    long id,
    String role,
    String kind,
    JsonObject payload,
    JobState state,
    int priority,
    Instant runAt,
    int attempts,
    int maxAttempts,
    long leaseEpoch,
    String leaseOwner,
    Instant leaseExpiresAt,
    String idempotencyKey,
    UUID projectId,
    UUID taskId,
    JsonObject result,
    JobFailure lastError,
    boolean cancelRequested,
    Instant createdAt,
    Instant finishedAt) {

  /** The lease this job is held under, for fenced writes. */
  public Lease lease() {
    return new Lease(id, leaseEpoch, leaseOwner);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("role", role)
        .put("kind", kind)
        .put("payload", payload)
        .put("state", state.db())
        .put("priority", priority)
        .put("attempts", attempts)
        .put("maxAttempts", maxAttempts)
        .put("leaseEpoch", leaseEpoch)
        .put("leaseOwner", leaseOwner)
        .put("projectId", projectId == null ? null : projectId.toString())
        .put("taskId", taskId == null ? null : taskId.toString());
  }
}
