package io.agentry.core.goals;

import io.agentry.core.goals.pg.PgGoalStore;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Goal runs in PostgreSQL. {@link #apply} is the loop's one write: it advances a run by a {@link
 * GoalDecision} — the run's counters, the next job (with an idempotency key per step), the task's
 * status, stage and progress, and the ledger events — in one transaction, guarded by the run's
 * {@code step}, so a decision taken twice (two directors across a failover) is applied once.
 */
public interface GoalStore {

  static GoalStore create(Pool pool, JobStore jobs, TaskService tasks, LedgerStore ledger) {
    return PgGoalStore.create(pool, jobs, tasks, ledger);
  }

  /** Starts the run of a goal whose task and planning job the caller just wrote in {@code tx}. */
  Future<GoalRun> start(SqlConnection tx, Task task, long planningJobId, GoalPolicy policy);

  Future<Optional<GoalRun>> find(UUID taskId);

  /** Runs of a project, newest first. */
  Future<List<GoalRun>> list(UUID projectId, int limit);

  /**
   * Running goals the loop must look at: their current job ended, their task was cancelled, or
   * their deadline passed.
   */
  Future<List<GoalRun>> awaitingDecision(int limit);

  /**
   * Applies the decision to the run as it was read; {@code false} when the run moved meanwhile
   * (another decision won) and nothing was written.
   */
  Future<Boolean> apply(GoalRun run, GoalDecision decision);
}
