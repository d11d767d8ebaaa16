package io.agentry.core.jobs;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A job to enqueue. {@code role} picks the worker pool (architect, coder, tester, debugger, or any
 * other pool a worker serves), {@code kind} the handler within it. Build with {@link #builder}.
 */
public record NewJob(
    String role,
    String kind,
    JsonObject payload,
    int priority,
    Instant runAt,
    int maxAttempts,
    String idempotencyKey,
    UUID projectId,
    UUID taskId) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  public static final int MAX_ATTEMPTS_LIMIT = 100;
  public static final int MAX_KEY_LENGTH = 200;

  public NewJob {
    require(
        role != null && NAME.matcher(role).matches(),
        "role",
        "a lowercase name of 1-64 characters");
    require(
        kind != null && NAME.matcher(kind).matches(),
        "kind",
        "a lowercase name of 1-64 characters");
    require(
        maxAttempts >= 1 && maxAttempts <= MAX_ATTEMPTS_LIMIT,
        "maxAttempts",
        "between 1 and " + MAX_ATTEMPTS_LIMIT);
    require(
        idempotencyKey == null
            || (!idempotencyKey.isBlank() && idempotencyKey.length() <= MAX_KEY_LENGTH),
        "idempotencyKey",
        "absent, or 1-" + MAX_KEY_LENGTH + " characters");
    payload = payload == null ? new JsonObject() : payload;
  }

  public static Builder builder(String role, String kind) {
    return new Builder(role, kind);
  }

  private static void require(boolean ok, String field, String expectation) {
    if (!ok) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "job " + field + " must be " + expectation);
    }
  }

  /** Fluent construction with defaults: priority 0, run now, 5 attempts. */
  public static final class Builder {
    private final String role;
    private final String kind;
    private JsonObject payload = new JsonObject();
    private int priority;
    private Instant runAt;
    private int maxAttempts = 5;
    private String idempotencyKey;
    private UUID projectId;
    private UUID taskId;

    private Builder(String role, String kind) {
      this.role = role;
      this.kind = kind;
    }

    public Builder payload(JsonObject payload) {
      this.payload = payload;
      return this;
    }

    /** Higher runs first. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder runAt(Instant runAt) {
      this.runAt = runAt;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Enqueueing twice with one key yields one job. */
    public Builder idempotencyKey(String key) {
      this.idempotencyKey = key;
      return this;
    }

    public Builder project(UUID projectId) {
      this.projectId = projectId;
      return this;
    }

    public Builder task(UUID taskId) {
      this.taskId = taskId;
      return this;
    }

    public NewJob build() {
      return new NewJob(
          role, kind, payload, priority, runAt, maxAttempts, idempotencyKey, projectId, taskId);
    }
  }
}
