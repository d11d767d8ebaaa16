package io.agentry.core.tasks.pg;

import static io.agentry.core.tasks.pg.TaskRows.COLUMNS;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.AgentStatus;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.tasks.NewTask;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskService;
import io.agentry.core.tasks.TaskStage;
import io.agentry.core.tasks.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** {@link TaskService} on PostgreSQL; each change is one transaction with its ledger event. */
public final class PgTaskService implements TaskService {

  /** The tenant comes from the project; no project row, no task. */
  private static final String INSERT =
      "INSERT INTO tasks AS t (id, tenant_id, project_id, parent_task_id, goal, description,"
          + " priority, complexity, acceptance_criteria, plan)"
          + " SELECT $1, p.tenant_id, p.id, $3, $4, $5, $6, $7, $8, $9 FROM projects p"
          + " WHERE p.id = $2 RETURNING "
          + COLUMNS;

  private static final String SELECT = "SELECT " + COLUMNS + " FROM tasks t WHERE t.id = $1";

  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM tasks t WHERE t.project_id = $1"
          + " AND (cardinality($2::text[]) = 0 OR t.status = ANY ($2::text[]))"
          + " ORDER BY t.priority DESC, t.created_at, t.id LIMIT $3";

  private static final String SET_AGENT =
      "UPDATE tasks AS t SET assigned_agent_id = $2, updated_at = now() WHERE t.id = $1 RETURNING "
          + COLUMNS;

  private static final String SET_PROGRESS =
      "UPDATE tasks AS t SET stage = $2, stage_progress = $3, current_step = $4,"
          + " updated_at = now() WHERE t.id = $1 RETURNING "
          + COLUMNS;

  private static final String SET_PLAN =
      "UPDATE tasks AS t SET plan = $2, updated_at = now() WHERE t.id = $1 RETURNING " + COLUMNS;

  private static final String SET_STATUS =
      "UPDATE tasks AS t SET status = $2, stage = $3, stage_progress = $4, result = $5,"
          + " error = $6, completed_at = CASE WHEN $7 THEN now() END, updated_at = now()"
          + " WHERE t.id = $1 RETURNING "
          + COLUMNS;

  private static final int MAX_STEP = 1_000;

  private final Pool pool;
  private final LedgerStore ledger;
  private final AgentService agents;

  private PgTaskService(Pool pool, LedgerStore ledger, AgentService agents) {
    this.pool = pool;
    this.ledger = ledger;
    this.agents = agents;
  }

  public static PgTaskService create(Pool pool, LedgerStore ledger, AgentService agents) {
    return new PgTaskService(
        Objects.requireNonNull(pool, "pool"),
        Objects.requireNonNull(ledger, "ledger"),
        Objects.requireNonNull(agents, "agents"));
  }

  @Override
  public Future<Task> create(NewTask n) {
    return pool.withTransaction(tx -> create(tx, n));
  }

  @Override
  public Future<Task> create(SqlConnection tx, NewTask n) {
    Tuple params =
        Tuple.tuple()
            .addUUID(UUID.randomUUID())
            .addUUID(n.projectId())
            .addUUID(n.parentTaskId())
            .addString(n.goal())
            .addString(n.description())
            .addInteger(n.priority())
            .addInteger(n.complexity())
            .addJsonArray(n.acceptanceCriteria())
            .addJsonObject(n.plan());
    return tx.preparedQuery(INSERT)
        .execute(params)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new AgentryException(
                    ErrorCode.NOT_FOUND, "projectId: project " + n.projectId() + " does not exist");
              }
              return TaskRows.toTaskOfOnlyRow(rows);
            })
        .compose(
            task ->
                record(
                    tx,
                    new Change(
                        task,
                        "TaskCreated",
                        Source.USER,
                        new JsonObject()
                            .put("goal", task.goal())
                            .put("complexity", task.complexity())
                            .put("priority", task.priority())
                            .put("parentTaskId", str(task.parentTaskId())))))
        .recover(e -> Future.failedFuture(translate(e, n)));
  }

  @Override
  public Future<Task> get(UUID taskId) {
    return pool.preparedQuery(SELECT).execute(Tuple.of(taskId)).map(rows -> only(rows, taskId));
  }

  @Override
  public Future<List<Task>> list(UUID projectId, Set<TaskStatus> statuses, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      return Future.failedFuture(
          new AgentryException(
              ErrorCode.BAD_USER_INPUT,
              "limit must be between 1 and " + MAX_PAGE + " (was " + limit + ")"));
    }
    String[] names = statuses.stream().map(TaskStatus::db).toArray(String[]::new);
    return pool.preparedQuery(LIST)
        .execute(Tuple.tuple().addUUID(projectId).addArrayOfString(names).addInteger(limit))
        .map(
            rows -> {
              List<Task> tasks = new ArrayList<>(rows.size());
              rows.forEach(row -> tasks.add(TaskRows.toTask(row)));
              return tasks;
            });
  }

  @Override
  public Future<Task> assign(UUID taskId, AgentRole role) {
    Objects.requireNonNull(role, "role");
    return change(
        taskId,
        (tx, task) -> {
          requireUnfinished(task, "assign");
          return agents
              .findAvailableFor(tx, task.tenantId(), role, task.complexity())
              .map(found -> found.orElseThrow(() -> noAgentFor(role, task)))
              .compose(agent -> setAgent(tx, task, agent, true));
        });
  }

  @Override
  public Future<Task> assignTo(UUID taskId, UUID agentId) {
    return pool.withTransaction(tx -> assignTo(tx, taskId, agentId));
  }

  @Override
  public Future<Task> assignTo(SqlConnection tx, UUID taskId, UUID agentId) {
    return change(
        tx,
        taskId,
        (conn, task) -> {
          requireUnfinished(task, "assign");
          return agents
              .lockShared(conn, agentId)
              .map(agent -> checkAssignable(agent, task))
              .compose(agent -> setAgent(conn, task, agent, false));
        });
  }

  private static AgentryException noAgentFor(AgentRole role, Task task) {
    return new AgentryException(
        ErrorCode.UNAVAILABLE,
        "no running agent with role " + role.db() + " covers complexity " + task.complexity());
  }

  private static Agent checkAssignable(Agent agent, Task task) {
    if (!agent.tenantId().equals(task.tenantId())) {
      throw new AgentryException(
          ErrorCode.NOT_FOUND, "agentId: agent " + agent.id() + " does not exist");
    }
    if (agent.status() == AgentStatus.DELETED) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE, "agentId: agent " + agent.id() + " is deleted");
    }
    if (!agent.complexity().covers(task.complexity())) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          "agentId: agent "
              + agent.name()
              + " takes complexity "
              + agent.complexity()
              + ", the task's complexity is "
              + task.complexity());
    }
    return agent;
  }

  private static Future<Change> setAgent(
      SqlConnection tx, Task task, Agent agent, boolean automatic) {
    return tx.preparedQuery(SET_AGENT)
        .execute(Tuple.of(task.id(), agent.id()))
        .map(
            rows ->
                new Change(
                    TaskRows.toTaskOfOnlyRow(rows),
                    "TaskAssigned",
                    Source.SYSTEM,
                    new JsonObject()
                        .put("agentId", agent.id().toString())
                        .put("previousAgentId", str(task.assignedAgentId()))
                        .put("automatic", automatic)));
  }

  @Override
  public Future<Task> updateProgress(
      UUID taskId, TaskStage stage, int progress, String currentStep) {
    if (stage == null) {
      return badInput("stage is required");
    }
    if (progress < 0 || progress > 100) {
      return badInput("progress must be between 0 and 100 (was " + progress + ")");
    }
    if (currentStep != null && currentStep.length() > MAX_STEP) {
      return badInput("currentStep must be at most " + MAX_STEP + " characters");
    }
    return change(
        taskId,
        (tx, task) -> {
          requireUnfinished(task, "report progress on");
          String step = currentStep == null ? task.currentStep() : currentStep;
          return tx.preparedQuery(SET_PROGRESS)
              .execute(Tuple.of(taskId, stage.db(), progress, step))
              .map(
                  rows ->
                      new Change(
                          TaskRows.toTaskOfOnlyRow(rows),
                          "TaskProgress",
                          Source.AGENT,
                          new JsonObject()
                              .put("stage", stage.db())
                              .put("progress", progress)
                              .put("currentStep", step)));
        });
  }

  @Override
  public Future<Task> updatePlan(UUID taskId, JsonObject plan) {
    if (plan == null) {
      return badInput("plan is required");
    }
    return change(
        taskId,
        (tx, task) -> {
          requireUnfinished(task, "change the plan of");
          return tx.preparedQuery(SET_PLAN)
              .execute(Tuple.of(taskId, plan))
              .map(
                  rows ->
                      new Change(
                          TaskRows.toTaskOfOnlyRow(rows),
                          "TaskPlanUpdated",
                          Source.AGENT,
                          new JsonObject()));
        });
  }

  @Override
  public Future<Task> transition(UUID taskId, TaskStatus to) {
    return moveTo(taskId, to, Source.SYSTEM, null, null, null);
  }

  @Override
  public Future<Task> complete(UUID taskId, JsonObject result) {
    return moveTo(taskId, TaskStatus.COMPLETED, Source.SYSTEM, result, null, null);
  }

  @Override
  public Future<Task> fail(UUID taskId, String error) {
    return moveTo(taskId, TaskStatus.FAILED, Source.SYSTEM, null, error, null);
  }

  @Override
  public Future<Task> cancel(UUID taskId, String reason) {
    return moveTo(taskId, TaskStatus.CANCELLED, Source.USER, null, null, reason);
  }

  private Future<Task> moveTo(
      UUID taskId, TaskStatus to, Source source, JsonObject result, String error, String reason) {
    Objects.requireNonNull(to, "to");
    return change(
        taskId,
        (tx, task) -> {
          TaskStatus.checkTransition(task.status(), to);
          boolean completed = to == TaskStatus.COMPLETED;
          Tuple params =
              Tuple.tuple()
                  .addUUID(taskId)
                  .addString(to.db())
                  .addString(completed ? TaskStage.COMPLETE.db() : task.stage().db())
                  .addInteger(completed ? 100 : task.stageProgress())
                  // Only a completed task has a result and only a failed one an error, so a
                  // failed task tried again starts clean.
                  .addJsonObject(completed ? result : null)
                  .addString(to == TaskStatus.FAILED ? error : null)
                  .addBoolean(to.isFinished());
          JsonObject payload = new JsonObject().put("from", task.status().db()).put("to", to.db());
          if (error != null) {
            payload.put("error", error);
          }
          if (reason != null) {
            payload.put("reason", reason);
          }
          return tx.preparedQuery(SET_STATUS)
              .execute(params)
              .map(
                  rows ->
                      new Change(
                          TaskRows.toTaskOfOnlyRow(rows), "TaskStatusChanged", source, payload));
        });
  }

  /** What a change did: the task afterwards and the ledger event that records it. */
  private record Change(Task task, String eventType, Source source, JsonObject payload) {}

  @FunctionalInterface
  private interface Mutation {
    Future<Change> apply(SqlConnection tx, Task locked);
  }

  /** Locks the task, applies the mutation and records it, all in one transaction. */
  private Future<Task> change(UUID taskId, Mutation mutation) {
    return pool.withTransaction(tx -> change(tx, taskId, mutation));
  }

  private Future<Task> change(SqlConnection tx, UUID taskId, Mutation mutation) {
    return tx.preparedQuery(SELECT + " FOR UPDATE")
        .execute(Tuple.of(taskId))
        .map(rows -> only(rows, taskId))
        .compose(task -> mutation.apply(tx, task))
        .compose(change -> record(tx, change));
  }

  private Future<Task> record(SqlConnection tx, Change change) {
    Task task = change.task();
    JsonObject payload = new JsonObject().put("taskId", task.id().toString());
    payload.mergeIn(change.payload());
    return ledger
        .append(tx, task.projectId(), change.source(), null, change.eventType(), payload)
        .map(event -> task);
  }

  private static Task only(RowSet<Row> rows, UUID taskId) {
    if (rows.size() == 0) {
      throw new AgentryException(ErrorCode.NOT_FOUND, "task " + taskId + " does not exist");
    }
    return TaskRows.toTaskOfOnlyRow(rows);
  }

  /** Throws {@code ILLEGAL_STATE} when the task is completed, failed or cancelled. */
  private static void requireUnfinished(Task task, String what) {
    if (task.status().isFinished()) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE, "cannot " + what + " a " + task.status().db() + " task");
    }
  }

  private static <T> Future<T> badInput(String message) {
    return Future.failedFuture(new AgentryException(ErrorCode.BAD_USER_INPUT, message));
  }

  private static String str(UUID id) {
    return id == null ? null : id.toString();
  }

  private static Throwable translate(Throwable e, NewTask n) {
    if (e instanceof PgException pg && "23503".equals(pg.getSqlState())) {
      return new AgentryException(
          ErrorCode.NOT_FOUND,
          "parentTaskId: task " + n.parentTaskId() + " does not exist in project " + n.projectId(),
          e);
    }
    return e;
  }
}
