package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.goals.CheckpointJobs;
import io.agentry.core.goals.GoalState;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.tasks.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Checkpoints of goal workspaces: listing, and the two mutations. A goal's git workspace lives on
 * worker nodes, so {@code createCheckpoint} and {@code rollbackToCheckpoint} enqueue jobs for the
 * worker's checkpoint handlers ({@link CheckpointJobs}) and answer the job; what can be checked
 * here (tenant, name, an existing name, a running goal) is refused before anything is enqueued.
 */
final class CheckpointDataFetchers {

  /** One row of {@code checkpoints}. */
  record Checkpoint(
      UUID id,
      UUID projectId,
      UUID taskId,
      String name,
      long ledgerSeq,
      String commitId,
      String createdBy,
      Instant createdAt) {}

  private static final String CURSOR = "checkpoint";

  private static final String COLUMNS =
      "id, project_id, task_id, name, ledger_seq, commit_id, created_by, created_at";

  private static final String OF_PROJECT =
      "SELECT "
          + COLUMNS
          + " FROM checkpoints WHERE project_id = $1 AND ($2::uuid IS NULL OR task_id = $2)"
          + " AND (created_at, id) > ($3, $4) ORDER BY created_at, id LIMIT $5";

  private static final String OF_TASK =
      "SELECT "
          + COLUMNS
          + " FROM checkpoints WHERE task_id = $1"
          + " AND (created_at, id) > ($2, $3) ORDER BY created_at, id LIMIT $4";

  private static final String BY_ID =
      "SELECT " + COLUMNS + " FROM checkpoints WHERE id = $1 AND tenant_id = $2";

  private static final String NAME_TAKEN =
      "SELECT 1 FROM checkpoints WHERE task_id = $1 AND name = $2";

  private static final String GOAL_STATE = "SELECT state FROM goal_runs WHERE task_id = $1";

  private final ApiServices services;
  private final Ownership ownership;

  CheckpointDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Query", type -> type.dataFetcher("checkpoints", ofProject()));
    wiring.type(
        "Mutation",
        type ->
            type.dataFetcher("createCheckpoint", create())
                .dataFetcher("rollbackToCheckpoint", rollback()));
    wiring.type("Task", type -> type.dataFetcher("checkpoints", ofTask()));
    wiring.type(
        "Checkpoint",
        type ->
            type.dataFetcher(
                "task",
                env -> Loaders.load(env, Loaders.TASKS, env.<Checkpoint>getSource().taskId())));
  }

  private DataFetcher<Object> ofProject() {
    return env -> {
      var page = Connections.page(env);
      var after = Connections.timeKey(CURSOR, page.after());
      UUID projectId = uuid(env, "projectId");
      UUID taskId = ApiContext.uuid(env.<String>getArgument("taskId"), "task");
      return ownership
          .projectAndTask(principal(env), projectId, taskId)
          .compose(
              project ->
                  services
                      .pool()
                      .preparedQuery(OF_PROJECT)
                      .execute(
                          Tuple.tuple()
                              .addUUID(projectId)
                              .addUUID(taskId)
                              .addOffsetDateTime(after.at())
                              .addUUID(after.id())
                              .addInteger(page.fetch())))
          .map(
              rows ->
                  Connections.connection(
                      rows, CheckpointDataFetchers::toCheckpoint, page, c -> cursor(c)))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> ofTask() {
    return env -> {
      var page = Connections.page(env);
      var after = Connections.timeKey(CURSOR, page.after());
      Task task = env.getSource();
      return services
          .pool()
          .preparedQuery(OF_TASK)
          .execute(Tuple.of(task.id(), after.at(), after.id(), page.fetch()))
          .map(
              rows ->
                  Connections.connection(
                      rows, CheckpointDataFetchers::toCheckpoint, page, c -> cursor(c)))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> create() {
    return env -> {
      Principal who = principal(env);
      UUID taskId = uuid(env, "taskId");
      String name = CheckpointJobs.requireName(env.getArgument("name"));
      return ownership
          .task(who, taskId)
          .compose(task -> requireGoal(task).map(task))
          .compose(
              task ->
                  services
                      .pool()
                      .preparedQuery(NAME_TAKEN)
                      .execute(Tuple.of(taskId, name))
                      .compose(
                          rows -> {
                            if (rows.size() > 0) {
                              throw new AgentryException(
                                  ErrorCode.ILLEGAL_STATE,
                                  "task " + taskId + " has a checkpoint named '" + name + "'");
                            }
                            return enqueue(
                                task,
                                CheckpointJobs.CHECKPOINT_KIND,
                                CheckpointJobs.checkpointPayload(
                                    taskId,
                                    task.assignedAgentId(),
                                    UUID.randomUUID(),
                                    name,
                                    ApiContext.requester(who)));
                          }))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> rollback() {
    return env -> {
      Principal who = principal(env);
      UUID checkpointId = uuid(env, "checkpointId");
      String reason = CheckpointJobs.requireReason(env.getArgument("reason"));
      return services
          .pool()
          .preparedQuery(BY_ID)
          .execute(Tuple.of(checkpointId, who.tenantId()))
          .map(
              rows -> {
                if (rows.size() == 0) {
                  throw new AgentryException(
                      ErrorCode.NOT_FOUND, "checkpoint " + checkpointId + " does not exist");
                }
                return toCheckpoint(rows.iterator().next());
              })
          .compose(
              checkpoint ->
                  ownership
                      .task(who, checkpoint.taskId())
                      .compose(task -> requireGoalNotRunning(task).map(task)))
          .compose(
              task ->
                  enqueue(
                      task,
                      CheckpointJobs.ROLLBACK_KIND,
                      CheckpointJobs.rollbackPayload(
                          task.id(),
                          task.assignedAgentId(),
                          checkpointId,
                          reason,
                          ApiContext.requester(who))))
          .toCompletionStage();
    };
  }

  /** Only a goal (a task submitted with submitGoal) has a workspace. */
  private Future<Void> requireGoal(Task task) {
    return services
        .goals()
        .find(task.id())
        .map(
            run -> {
              if (run.isEmpty()) {
                throw new AgentryException(
                    ErrorCode.ILLEGAL_STATE,
                    "task "
                        + task.id()
                        + " is no goal (submitGoal), so it has no workspace to checkpoint");
              }
              return null;
            });
  }

  /** The roles of a running goal work in the workspace a rollback would change under them. */
  private Future<Void> requireGoalNotRunning(Task task) {
    return services
        .pool()
        .preparedQuery(GOAL_STATE)
        .execute(Tuple.of(task.id()))
        .map(
            rows -> {
              if (rows.size() > 0
                  && GoalState.RUNNING.db().equals(rows.iterator().next().getString("state"))) {
                throw new AgentryException(
                    ErrorCode.ILLEGAL_STATE,
                    "the goal of task "
                        + task.id()
                        + " is running; cancel the task or let the goal finish before rolling"
                        + " back");
              }
              return null;
            });
  }

  private Future<Job> enqueue(Task task, String kind, JsonObject payload) {
    NewJob job =
        NewJob.builder(CheckpointJobs.ROLE, kind)
            .payload(payload)
            .project(task.projectId())
            .task(task.id())
            .build();
    return services
        .jobs()
        .enqueue(job)
        .compose(enqueued -> services.jobs().find(enqueued.jobId()))
        .map(found -> found.orElseThrow());
  }

  private static String cursor(Checkpoint checkpoint) {
    return Connections.timeCursor(CURSOR, checkpoint.createdAt(), checkpoint.id());
  }

  private static Checkpoint toCheckpoint(Row row) {
    return new Checkpoint(
        row.getUUID("id"),
        row.getUUID("project_id"),
        row.getUUID("task_id"),
        row.getString("name"),
        row.getLong("ledger_seq"),
        row.getString("commit_id"),
        row.getString("created_by"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
