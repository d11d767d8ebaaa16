package io.agentry.core.goals.pg;

import io.agentry.core.goals.GoalDecision;
import io.agentry.core.goals.GoalPhase;
import io.agentry.core.goals.GoalPolicy;
import io.agentry.core.goals.GoalRun;
import io.agentry.core.goals.GoalState;
import io.agentry.core.goals.GoalStore;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.tasks.NewTask;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskService;
import io.agentry.core.tasks.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link GoalStore} on PostgreSQL. */
public final class PgGoalStore implements GoalStore {

  private static final String INSERT =
      "INSERT INTO goal_runs AS g (task_id, tenant_id, project_id, phase, current_job_id, policy,"
          + " deadline) VALUES ($1, $2, $3, 'planning', $4, $5,"
          + " now() + make_interval(mins => $6)) RETURNING "
          + GoalRows.COLUMNS;

  private static final String SELECT =
      "SELECT " + GoalRows.COLUMNS + " FROM goal_runs g WHERE g.task_id = $1";

  private static final String LIST =
      "SELECT "
          + GoalRows.COLUMNS
          + " FROM goal_runs g WHERE g.project_id = $1 ORDER BY g.started_at DESC LIMIT $2";

  private static final String AWAITING =
      "SELECT "
          + GoalRows.COLUMNS
          + " FROM goal_runs g JOIN jobs j ON j.id = g.current_job_id"
          + " JOIN tasks t ON t.id = g.task_id"
          + " WHERE g.state = 'running' AND (j.state IN ('succeeded', 'dead', 'cancelled')"
          + " OR t.status = 'cancelled' OR g.deadline < now())"
          + " ORDER BY g.updated_at LIMIT $1";

  /** The guard: only the decision taken on the run as read at {@code step} may write. */
  private static final String ADVANCE =
      "UPDATE goal_runs SET state = $3, phase = $4, iteration = $5, step = step + 1,"
          + " current_job_id = $6, plan_cursor = $7, debug_rounds = $8, replans = $9, facts = $10,"
          + " stop_reason = $11, finished_at = CASE WHEN $3 = 'running' THEN NULL ELSE now() END,"
          + " updated_at = now() WHERE task_id = $1 AND step = $2 AND state = 'running'";

  private static final String LOCK_TASK =
      "SELECT status, plan, priority, complexity, assigned_agent_id, goal FROM tasks"
          + " WHERE id = $1 FOR UPDATE";

  private static final String UPDATE_TASK =
      "UPDATE tasks SET status = $2, stage = $3, stage_progress = $4, current_step = $5,"
          + " result = COALESCE($6, result), error = COALESCE($7, error),"
          + " completed_at = CASE WHEN $2 IN ('completed', 'failed', 'cancelled') THEN now() END,"
          + " plan = COALESCE($8, plan), updated_at = now() WHERE id = $1";

  private static final String COMPLETE_SUBTASKS =
      "UPDATE tasks SET status = 'completed', stage = 'complete', stage_progress = 100,"
          + " completed_at = now(), updated_at = now()"
          + " WHERE parent_task_id = $1 AND status NOT IN ('completed', 'failed', 'cancelled')";

  private final Pool pool;
  private final JobStore jobs;
  private final TaskService tasks;
  private final LedgerStore ledger;

  private PgGoalStore(Pool pool, JobStore jobs, TaskService tasks, LedgerStore ledger) {
    this.pool = pool;
    this.jobs = jobs;
    this.tasks = tasks;
    this.ledger = ledger;
  }

  public static PgGoalStore create(
      Pool pool, JobStore jobs, TaskService tasks, LedgerStore ledger) {
    return new PgGoalStore(pool, jobs, tasks, ledger);
  }

  @Override
  public Future<GoalRun> start(SqlConnection tx, Task task, long planningJobId, GoalPolicy policy) {
    return tx.preparedQuery(INSERT)
        .execute(
            Tuple.of(
                task.id(),
                task.tenantId(),
                task.projectId(),
                planningJobId,
                policy.toJson(),
                policy.maxMinutes()))
        .map(rows -> GoalRows.toRun(rows.iterator().next()))
        .compose(
            run ->
                tx.preparedQuery(UPDATE_TASK)
                    .execute(
                        Tuple.tuple()
                            .addUUID(task.id())
                            .addString(GoalPhase.PLANNING.taskStatus().db())
                            .addString(GoalPhase.PLANNING.taskStage().db())
                            .addInteger(0)
                            .addString("Planning the goal")
                            .addValue(null)
                            .addString(null)
                            .addValue(null))
                    .map(run));
  }

  @Override
  public Future<Optional<GoalRun>> find(UUID taskId) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(taskId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(GoalRows.toRun(only(rows))));
  }

  @Override
  public Future<List<GoalRun>> list(UUID projectId, int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(projectId, limit)).map(PgGoalStore::runs);
  }

  @Override
  public Future<List<GoalRun>> awaitingDecision(int limit) {
    return pool.preparedQuery(AWAITING).execute(Tuple.of(limit)).map(PgGoalStore::runs);
  }

  @Override
  public Future<Boolean> apply(GoalRun run, GoalDecision decision) {
    return pool.<Boolean>withTransaction(
            tx ->
                tx.preparedQuery(LOCK_TASK)
                    .execute(Tuple.of(run.taskId()))
                    .compose(rows -> applyLocked(tx, run, decision, only(rows))))
        // A lost race rolled the transaction back (the enqueued job with it).
        .recover(
            e -> e instanceof LostRace ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  private Future<Boolean> applyLocked(
      SqlConnection tx, GoalRun run, GoalDecision decision, Row task) {
    return enqueueNext(tx, run, decision, task)
        .compose(
            jobId ->
                tx.preparedQuery(ADVANCE)
                    .execute(advanceArgs(run, decision, jobId))
                    .compose(
                        rows -> {
                          if (rows.rowCount() == 0) {
                            // Another decision won; the rollback also drops the enqueued job.
                            return Future.failedFuture(new LostRace());
                          }
                          return recordOnTask(tx, run, decision, task, jobId).map(true);
                        }));
  }

  private Future<Long> enqueueNext(SqlConnection tx, GoalRun run, GoalDecision decision, Row task) {
    if (decision.ends()) {
      return Future.succeededFuture(run.currentJobId());
    }
    GoalPhase next = decision.next();
    JsonObject payload =
        decision
            .jobPayload()
            .copy()
            .put("taskId", run.taskId().toString())
            .put("goal", task.getString("goal"))
            .put("phase", next.db())
            .put("iteration", decision.iteration())
            .put("onStuck", run.policy().onStuck().name());
    UUID agent = task.getUUID("assigned_agent_id");
    if (agent != null) {
      payload.put("agentId", agent.toString());
    }
    NewJob job =
        NewJob.builder(next.role(), next.jobKind())
            .payload(payload)
            .priority(task.getInteger("priority"))
            .project(run.projectId())
            .task(run.taskId())
            .idempotencyKey("goal:" + run.taskId() + ":" + (run.step() + 1))
            .build();
    return jobs.enqueue(tx, job).map(enqueued -> enqueued.jobId());
  }

  private static Tuple advanceArgs(GoalRun run, GoalDecision decision, Long jobId) {
    GoalState state = decision.ends() ? decision.finalState() : GoalState.RUNNING;
    GoalPhase phase = decision.ends() ? run.phase() : decision.next();
    if (state == GoalState.COMPLETED) {
      phase = GoalPhase.DONE;
    }
    return Tuple.tuple()
        .addUUID(run.taskId())
        .addInteger(run.step())
        .addString(state.db())
        .addString(phase.db())
        .addInteger(decision.iteration())
        .addLong(jobId)
        .addInteger(decision.planCursor())
        .addInteger(decision.debugRounds())
        .addInteger(decision.replans())
        .addValue(decision.facts())
        .addString(decision.ends() ? decision.reason() : null);
  }

  /** The task's status, stage and progress; its plan and subtasks; the ledger events. */
  private Future<Void> recordOnTask(
      SqlConnection tx, GoalRun run, GoalDecision decision, Row task, Long jobId) {
    TaskStatus from = TaskStatus.fromDb(task.getString("status"));
    TaskStatus to = targetStatus(decision, from);
    GoalPhase shown = decision.ends() ? GoalPhase.DONE : decision.next();
    JsonObject result =
        decision.finalState() == GoalState.COMPLETED
            ? decision.jobPayload().getJsonObject("result")
            : null;
    String error = decision.ends() && to != TaskStatus.COMPLETED ? decision.reason() : null;
    Tuple update =
        Tuple.tuple()
            .addUUID(run.taskId())
            .addString(to.db())
            .addString(to == TaskStatus.COMPLETED ? "complete" : stageOf(shown, run).db())
            .addInteger(decision.progress())
            .addString(decision.currentStep())
            .addValue(result)
            .addString(error)
            .addValue(decision.plan());
    Future<?> written = tx.preparedQuery(UPDATE_TASK).execute(update);
    if (decision.plan() != null) {
      written = written.compose(v -> createSubtasks(tx, run, decision.plan(), task));
    }
    if (to == TaskStatus.COMPLETED) {
      written =
          written.compose(v -> tx.preparedQuery(COMPLETE_SUBTASKS).execute(Tuple.of(run.taskId())));
    }
    List<GoalDecision.Event> events = new ArrayList<>(decision.events());
    events.add(
        new GoalDecision.Event(
            "TaskProgress",
            new JsonObject()
                .put("taskId", run.taskId().toString())
                .put("status", to.db())
                .put("phase", shown.db())
                .put("iteration", decision.iteration())
                .put("progress", decision.progress())
                .put("currentStep", decision.currentStep())
                .put("jobId", decision.ends() ? null : jobId)));
    if (decision.ends()) {
      events.add(
          new GoalDecision.Event(
              "Goal" + capitalised(decision.finalState().db()),
              new JsonObject()
                  .put("taskId", run.taskId().toString())
                  .put("reason", decision.reason())
                  .put("iterations", decision.iteration())
                  .put("result", result)));
    }
    for (GoalDecision.Event event : events) {
      JsonObject payload = event.payload().copy().put("taskId", run.taskId().toString());
      written =
          written.compose(
              v -> ledger.append(tx, run.projectId(), Source.SYSTEM, null, event.type(), payload));
    }
    return written.mapEmpty();
  }

  private static TaskStatus targetStatus(GoalDecision decision, TaskStatus from) {
    if (!decision.ends()) {
      TaskStatus wanted = decision.next().taskStatus();
      return from == wanted || from.canMoveTo(wanted) ? wanted : from;
    }
    return switch (decision.finalState()) {
      case COMPLETED -> TaskStatus.COMPLETED;
      case CANCELLED -> TaskStatus.CANCELLED;
      default -> from == TaskStatus.CANCELLED ? TaskStatus.CANCELLED : TaskStatus.FAILED;
    };
  }

  private static io.agentry.core.tasks.TaskStage stageOf(GoalPhase shown, GoalRun run) {
    return shown == GoalPhase.DONE ? run.phase().taskStage() : shown.taskStage();
  }

  private Future<Void> createSubtasks(SqlConnection tx, GoalRun run, JsonObject plan, Row task) {
    JsonArray items = GoalDecision.planItems(plan);
    Future<?> chain = Future.succeededFuture();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      NewTask subtask =
          new NewTask(
              run.projectId(),
              run.taskId(),
              item.getString("title", "plan item " + (i + 1)),
              item.getString("description", ""),
              task.getInteger("priority"),
              clampComplexity(item.getInteger("complexity", task.getInteger("complexity"))),
              item.getJsonArray("acceptanceCriteria"),
              null);
      chain = chain.compose(v -> tasks.create(tx, subtask));
    }
    return chain.mapEmpty();
  }

  private static int clampComplexity(int value) {
    return Math.max(1, Math.min(10, value));
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static List<GoalRun> runs(io.vertx.sqlclient.RowSet<Row> rows) {
    List<GoalRun> runs = new ArrayList<>(rows.size());
    rows.forEach(row -> runs.add(GoalRows.toRun(row)));
    return runs;
  }

  private static Row only(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.iterator().next();
  }

  /** Marks a decision that lost to another one; never leaves this class. */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super(null, null, false, false);
    }
  }
}
