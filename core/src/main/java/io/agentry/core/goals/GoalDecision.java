package io.agentry.core.goals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the loop decided after a step: either the next phase with its job payload and the run's new
 * counters, or the end of the goal with its state and reason. {@code events} are appended to the
 * project's ledger in the same transaction as the decision.
 *
 * @param next the next phase, or {@code null} when the goal ends
 * @param jobPayload what the next phase's job needs besides the ids (feedback, plan item, failure);
 *     when the goal completes, its result under {@code result}
 * @param plan a new plan to store on the goal's task (and create subtasks for), or {@code null}
 */
public record GoalDecision(
    GoalPhase next,
    JsonObject jobPayload,
    int iteration,
    int planCursor,
    int debugRounds,
    int replans,
    JsonObject facts,
    JsonObject plan,
    String currentStep,
    int progress,
    GoalState finalState,
    String reason,
    List<Event> events) {

  /** A ledger event to append with the decision. */
  public record Event(String type, JsonObject payload) {}

  public boolean ends() {
    return next == null;
  }

  /** The plan's items, or an empty array. */
  public static JsonArray planItems(JsonObject plan) {
    if (plan == null) {
      return new JsonArray();
    }
    JsonArray tasks = plan.getJsonArray("tasks");
    return tasks == null ? new JsonArray() : tasks;
  }
}
