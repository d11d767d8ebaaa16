package io.agentry.core.goals;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobState;
import io.vertx.core.json.JsonObject;

/**
 * How the job a goal waited for ended, as the loop sees it: succeeded with the role's result, or
 * ended without one ({@code dead}, {@code cancelled}) with the type and message of its last
 * failure. A role that had to give up in an orderly way (its agent was stuck, a budget ran out)
 * succeeds with {@code result.halt = {code, reason}}.
 */
public record PhaseOutcome(JobState state, JsonObject result, String errorType, String error) {

  public static PhaseOutcome of(Job job) {
    String type = job.lastError() == null ? null : job.lastError().type();
    String message = job.lastError() == null ? null : job.lastError().message();
    JsonObject result = job.result() == null ? new JsonObject() : job.result();
    return new PhaseOutcome(job.state(), result, type, message);
  }

  public static PhaseOutcome succeeded(JsonObject result) {
    return new PhaseOutcome(JobState.SUCCEEDED, result, null, null);
  }

  public static PhaseOutcome ended(JobState state, String errorType, String error) {
    return new PhaseOutcome(state, new JsonObject(), errorType, error);
  }

  public boolean succeeded() {
    return state == JobState.SUCCEEDED;
  }

  /** The role gave up in an orderly way; see {@link #haltCode()} and {@link #haltReason()}. */
  public boolean halted() {
    return succeeded() && result.getJsonObject("halt") != null;
  }

  /** {@code STUCK}, {@code BUDGET_EXCEEDED}, {@code LIMIT_REACHED} … when {@link #halted()}. */
  public String haltCode() {
    return halted() ? result.getJsonObject("halt").getString("code", "HALTED") : null;
  }

  public String haltReason() {
    return halted() ? result.getJsonObject("halt").getString("reason", "") : null;
  }
}
