package io.agentry.core.goals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A goal's run as stored: the loop's position ({@code phase}, {@code iteration}, {@code
 * planCursor}, {@code debugRounds}, {@code replans}), the job it waits for, its policy, the latest
 * gate facts and, once it ended, why. {@code step} counts the loop's decisions and guards each
 * write.
 */
public record GoalRun(
    UUID taskId,
    UUID tenantId,
    UUID projectId,
    GoalState state,
    GoalPhase phase,
    int iteration,
    int step,
    Long currentJobId,
    int planCursor,
    int debugRounds,
    int replans,
    GoalPolicy policy,
    JsonObject facts,
    String stopReason,
    Instant deadline,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt) {

  public boolean running() {
    return state == GoalState.RUNNING;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("taskId", taskId.toString())
        .put("state", state.name())
        .put("phase", phase.name())
        .put("iteration", iteration)
        .put("step", step)
        .put("currentJobId", currentJobId)
        .put("planCursor", planCursor)
        .put("debugRounds", debugRounds)
        .put("replans", replans)
        .put("policy", policy.toJson())
        .put("facts", facts)
        .put("stopReason", stopReason);
  }
}
