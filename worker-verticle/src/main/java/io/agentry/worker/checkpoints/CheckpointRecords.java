package io.agentry.worker.checkpoints;

import io.agentry.core.goals.CheckpointJobs;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.worker.roles.CodeChanges;
import io.agentry.worker.roles.CodeChanges.FileDiff;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What checkpoint and rollback jobs write: {@code checkpoints} rows, the ledger events that name
 * them, and {@code code_changes} of a rollback commit. Every write is safe to repeat.
 */
final class CheckpointRecords {

  /** A stored checkpoint. */
  record Stored(UUID id, UUID taskId, String name, long ledgerSeq, String commitId) {

    JsonObject toJson() {
      return new JsonObject()
          .put("checkpointId", id.toString())
          .put("name", name)
          .put("ledgerSeq", ledgerSeq)
          .put("commit", commitId);
    }
  }

  private static final String COLUMNS = "id, task_id, name, ledger_seq, commit_id";

  private static final String BY_NAME =
      "SELECT " + COLUMNS + " FROM checkpoints WHERE task_id = $1 AND name = $2";

  private static final String BY_ID =
      "SELECT " + COLUMNS + " FROM checkpoints WHERE id = $1 AND task_id = $2";

  /* The project's tenant, as everywhere; the row is the project's or nothing. */
  private static final String INSERT =
      "INSERT INTO checkpoints (id, tenant_id, project_id, task_id, name, ledger_seq, commit_id,"
          + " created_by) SELECT $1, p.tenant_id, p.id, $3, $4, $5, $6, $7 FROM projects p"
          + " WHERE p.id = $2 ON CONFLICT (task_id, name) DO NOTHING";

  private static final String GOAL_STATE = "SELECT state FROM goal_runs WHERE task_id = $1";

  private static final String INSERT_CHANGE =
      "INSERT INTO code_changes (tenant_id, project_id, task_id, job_id, agent_id, role, path,"
          + " change_type, diff, commit_id, reasoning)"
          + " SELECT p.tenant_id, p.id, $2, $3, NULL, $4, $5, $6, $7, $8, $9 FROM projects p"
          + " WHERE p.id = $1 ON CONFLICT (commit_id, path) DO NOTHING";

  /** The role a rollback's code changes are recorded under: a person asked for it. */
  static final String ROLLBACK_ROLE = "user";

  private final Pool pool;
  private final LedgerStore ledger;

  CheckpointRecords(Pool pool, LedgerStore ledger) {
    this.pool = pool;
    this.ledger = ledger;
  }

  Future<Optional<Stored>> byName(UUID taskId, String name) {
    return one(BY_NAME, Tuple.of(taskId, name));
  }

  Future<Optional<Stored>> byId(UUID checkpointId, UUID taskId) {
    return one(BY_ID, Tuple.of(checkpointId, taskId));
  }

  /** The state of the task's goal run ({@code running}, ...), or empty for a task without one. */
  Future<Optional<String>> goalState(UUID taskId) {
    return pool.preparedQuery(GOAL_STATE)
        .execute(Tuple.of(taskId))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getString("state")));
  }

  /** The event of {@code type} this job appended on an earlier attempt, if it got that far. */
  Future<Optional<LedgerEvent>> earlierEvent(CheckpointJob job, String type) {
    return ledger
        .forStep(job.projectId(), job.stepKey())
        .map(events -> events.stream().filter(e -> e.type().equals(type)).findFirst());
  }

  /**
   * Appends {@code CheckpointCreated} and inserts the row naming its seq, in one transaction. Empty
   * (and nothing written) when the task got a checkpoint of that name meanwhile.
   */
  Future<Optional<Stored>> create(CheckpointJob job, String commitId) {
    JsonObject payload =
        event(job)
            .put(CheckpointJobs.CHECKPOINT_ID, job.checkpointId().toString())
            .put(CheckpointJobs.NAME, job.name())
            .put("commit", commitId);
    return pool.withTransaction(
            tx ->
                ledger
                    .append(
                        tx,
                        job.projectId(),
                        Source.USER,
                        null,
                        CheckpointJobs.CREATED_EVENT,
                        payload)
                    .compose(
                        appended ->
                            tx.preparedQuery(INSERT)
                                .execute(
                                    Tuple.of(
                                        job.checkpointId(),
                                        job.projectId(),
                                        job.taskId(),
                                        job.name(),
                                        appended.seq(),
                                        commitId,
                                        job.author()))
                                .compose(
                                    rows ->
                                        rows.rowCount() == 1
                                            ? Future.succeededFuture(
                                                Optional.of(
                                                    new Stored(
                                                        job.checkpointId(),
                                                        job.taskId(),
                                                        job.name(),
                                                        appended.seq(),
                                                        commitId)))
                                            : Future.failedFuture(new NameTaken()))))
        .recover(
            e ->
                e instanceof NameTaken
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(e));
  }

  /** Records each file of a rollback commit's diff as a code change. */
  Future<Void> recordChanges(CheckpointJob job, String commitId, String diff, String reasoning) {
    List<Tuple> rows = new ArrayList<>();
    for (FileDiff file : CodeChanges.split(diff)) {
      rows.add(
          Tuple.of(
              job.projectId(),
              job.taskId(),
              job.jobId(),
              ROLLBACK_ROLE,
              file.path(),
              file.changeType(),
              CodeChanges.capped(file.diff()),
              commitId,
              reasoning));
    }
    return rows.isEmpty()
        ? Future.succeededFuture()
        : pool.preparedQuery(INSERT_CHANGE).executeBatch(rows).mapEmpty();
  }

  Future<LedgerEvent> rolledBack(CheckpointJob job, JsonObject details) {
    return ledger.append(
        job.projectId(),
        Source.USER,
        null,
        CheckpointJobs.ROLLED_BACK_EVENT,
        event(job).mergeIn(details));
  }

  /** What every event of these jobs carries: the task, the job and its step key (for re-runs). */
  private static JsonObject event(CheckpointJob job) {
    return new JsonObject()
        .put("taskId", job.taskId().toString())
        .put("jobId", job.jobId())
        .put("stepKey", job.stepKey())
        .put(CheckpointJobs.REQUESTED_BY, job.requestedBy());
  }

  private Future<Optional<Stored>> one(String sql, Tuple params) {
    return pool.preparedQuery(sql)
        .execute(params)
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(toStored(rows.iterator().next())));
  }

  private static Stored toStored(Row row) {
    return new Stored(
        row.getUUID("id"),
        row.getUUID("task_id"),
        row.getString("name"),
        row.getLong("ledger_seq"),
        row.getString("commit_id"));
  }

  /** Rolls the transaction back: the name went to another checkpoint meanwhile. */
  private static final class NameTaken extends RuntimeException {
    NameTaken() {
      super("checkpoint name taken", null, false, false);
    }
  }
}
