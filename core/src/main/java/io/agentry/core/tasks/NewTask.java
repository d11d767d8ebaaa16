package io.agentry.core.tasks;

import io.agentry.core.agents.ComplexityRange;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * What it takes to create a task; the tenant is the project's. The constructor validates and names
 * the field in its {@code BAD_USER_INPUT} message.
 */
public record NewTask(
    UUID projectId,
    UUID parentTaskId,
    String goal,
    String description,
    int priority,
    int complexity,
    JsonArray acceptanceCriteria,
    JsonObject plan) {

  static final int MAX_GOAL = 10_000;
  static final int MAX_DESCRIPTION = 100_000;

  public NewTask {
    if (projectId == null) {
      throw badInput("projectId is required");
    }
    goal = goal == null ? "" : goal.strip();
    if (goal.isEmpty() || goal.length() > MAX_GOAL) {
      throw badInput("goal must be 1 to " + MAX_GOAL + " characters (was " + goal.length() + ")");
    }
    description = description == null ? "" : description;
    if (description.length() > MAX_DESCRIPTION) {
      throw badInput("description must be at most " + MAX_DESCRIPTION + " characters");
    }
    ComplexityRange.requireComplexity(complexity, "complexity");
    acceptanceCriteria = acceptanceCriteria == null ? new JsonArray() : acceptanceCriteria.copy();
    plan = plan == null ? null : plan.copy();
  }

  /** A top-level task with default priority, no criteria and no plan yet. */
  public static NewTask of(UUID projectId, String goal, int complexity) {
    return new NewTask(projectId, null, goal, "", 0, complexity, null, null);
  }

  public NewTask withParent(UUID parent) {
    return new NewTask(
        projectId, parent, goal, description, priority, complexity, acceptanceCriteria, plan);
  }

  public NewTask withPriority(int value) {
    return new NewTask(
        projectId, parentTaskId, goal, description, value, complexity, acceptanceCriteria, plan);
  }

  static AgentryException badInput(String message) {
    return new AgentryException(ErrorCode.BAD_USER_INPUT, message);
  }
}
