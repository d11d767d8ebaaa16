package io.agentry.core.tasks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A unit of work towards a goal, as stored.
 *
 * @param parentTaskId the task this one was split from, in the same project, or {@code null}
 * @param stageProgress percent of the current stage done, 0..100
 * @param plan the plan (JSON) once one exists, else {@code null}
 * @param priority higher goes first
 * @param complexity 1 (trivial) … 10 (hardest); only agents whose range covers it are assigned
 * @param acceptanceCriteria what must hold for the task to count as done (JSON array)
 * @param result the outcome of a completed task, else {@code null}
 * @param error why the task failed, else {@code null}
 * @param completedAt when it finished (completed, failed or cancelled), else {@code null}
 */
public record Task(
    UUID id,
    UUID tenantId,
    UUID projectId,
    UUID parentTaskId,
    String goal,
    String description,
    TaskStatus status,
    TaskStage stage,
    int stageProgress,
    String currentStep,
    JsonObject plan,
    int priority,
    int complexity,
    UUID assignedAgentId,
    JsonArray acceptanceCriteria,
    JsonObject result,
    String error,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {}
