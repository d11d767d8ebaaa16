package io.agentry.worker.checkpoints;

import io.agentry.core.goals.CheckpointJobs;
import io.agentry.core.goals.GoalState;
import io.agentry.core.jobs.JobContext;
import io.agentry.core.jobs.NonRetryableJobException;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.node.NodeServices;
import io.agentry.worker.agent.AgentRuntime;
import io.agentry.worker.checkpoints.CheckpointRecords.Stored;
import io.agentry.worker.handlers.HandlerRegistry;
import io.agentry.worker.roles.CodeChanges;
import io.agentry.worker.roles.CodeChanges.FileDiff;
import io.agentry.worker.workspace.CommitInfo;
import io.agentry.worker.workspace.Workspace;
import io.agentry.worker.workspace.Workspaces;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Checkpoints and rollbacks of a goal's workspace, asked for through the API ({@link
 * CheckpointJobs}). The workspace is the one the goal's roles share ({@code <agent or
 * goal>/tasks/<task>}).
 *
 * <p>A checkpoint commits pending changes, tags {@code HEAD} as {@code checkpoint/<name>}, and
 * stores the row together with its {@code CheckpointCreated} event. A rollback first commits
 * pending changes (nothing is lost), then restores the checkpoint's files in a new commit, records
 * that commit's files as code changes and appends {@code CheckpointRolledBack}; it is refused while
 * the task's goal is running. Both are safe to run again after a crash: a re-run finds the tag, the
 * row, the rollback commit or the event its earlier attempt left and goes on from there.
 */
public final class CheckpointHandlers {

  private final Workspaces workspaces;
  private final CheckpointRecords records;

  private CheckpointHandlers(Workspaces workspaces, CheckpointRecords records) {
    this.workspaces = workspaces;
    this.records = records;
  }

  public static HandlerRegistry register(
      HandlerRegistry handlers, AgentRuntime runtime, NodeServices node) {
    CheckpointHandlers checkpoints =
        new CheckpointHandlers(
            runtime.workspaces(), new CheckpointRecords(node.pg(), LedgerStore.create(node.pg())));
    return handlers
        .register(CheckpointJobs.CHECKPOINT_KIND, checkpoints::checkpoint)
        .register(CheckpointJobs.ROLLBACK_KIND, checkpoints::rollback);
  }

  Future<JsonObject> checkpoint(JobContext context) {
    CheckpointJob job = CheckpointJob.of(context.job());
    if (job.name() == null) {
      return Future.failedFuture(
          new NonRetryableJobException("BAD_USER_INPUT: a checkpoint job needs a name"));
    }
    return records
        .byName(job.taskId(), job.name())
        .compose(
            existing -> {
              if (existing.isPresent()) {
                return existing.get().id().equals(job.checkpointId())
                    ? Future.succeededFuture(existing.get().toJson()) // an earlier attempt's
                    : Future.failedFuture(nameTaken(job));
              }
              return workspace(job)
                  .compose(ws -> tag(job, ws))
                  .compose(commit -> records.create(job, commit.id()))
                  .compose(
                      created ->
                          created.isPresent()
                              ? Future.succeededFuture(created.get().toJson())
                              : Future.failedFuture(nameTaken(job)));
            });
  }

  /** The checkpoint's tag: the one an earlier attempt made, or a new one. */
  private static Future<CommitInfo> tag(CheckpointJob job, Workspace ws) {
    String note = "Checkpoint " + job.name() + " asked for by " + job.author();
    return ws.checkpointCommit(job.name())
        .compose(
            earlier ->
                earlier.isPresent()
                    ? Future.succeededFuture(earlier.get())
                    : ws.checkpoint(job.name(), note));
  }

  Future<JsonObject> rollback(JobContext context) {
    CheckpointJob job = CheckpointJob.of(context.job());
    return records
        .byId(job.checkpointId(), job.taskId())
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(
                    new NonRetryableJobException(
                        "NOT_FOUND: checkpoint " + job.checkpointId() + " of task does not exist"));
              }
              return records
                  .earlierEvent(job, CheckpointJobs.ROLLED_BACK_EVENT)
                  .compose(
                      earlier ->
                          earlier.isPresent()
                              ? Future.succeededFuture(earlier.get().payload())
                              : whenGoalNotRunning(job).compose(v -> rollBack(job, found.get())));
            });
  }

  private Future<Void> whenGoalNotRunning(CheckpointJob job) {
    return records
        .goalState(job.taskId())
        .compose(
            state ->
                state.filter(GoalState.RUNNING.db()::equals).isPresent()
                    ? Future.failedFuture(
                        new NonRetryableJobException(
                            "ILLEGAL_STATE: the goal of task "
                                + job.taskId()
                                + " is running; stop or finish it before rolling back"))
                    : Future.succeededFuture());
  }

  private Future<JsonObject> rollBack(CheckpointJob job, Stored checkpoint) {
    String summary = "Roll back to checkpoint " + checkpoint.name();
    String reasoning =
        summary
            + " (ledger seq "
            + checkpoint.ledgerSeq()
            + ")"
            + (job.reason() == null || job.reason().isBlank() ? "" : ": " + job.reason())
            + "\nAsked for by "
            + job.author();
    return workspace(job)
        .compose(
            ws ->
                ws.commit("Save uncommitted changes before rolling back", reasoning)
                    .compose(saved -> ws.rollback(checkpoint.name(), reasoning))
                    .compose(
                        commit -> {
                          // No new commit when the files already were the checkpoint's.
                          boolean changed = commit.summary().equals(summary);
                          Future<String> diff =
                              changed
                                  ? ws.diff(commit.id() + "^", commit.id())
                                  : Future.succeededFuture("");
                          return diff.compose(
                              d ->
                                  records
                                      .recordChanges(job, commit.id(), d, reasoning)
                                      .map(v -> details(job, checkpoint, commit, changed, d)));
                        }))
        .compose(details -> records.rolledBack(job, details).map(event -> event.payload()));
  }

  private static JsonObject details(
      CheckpointJob job, Stored checkpoint, CommitInfo commit, boolean changed, String diff) {
    JsonObject details =
        new JsonObject()
            .put(CheckpointJobs.CHECKPOINT_ID, checkpoint.id().toString())
            .put(CheckpointJobs.NAME, checkpoint.name())
            .put("checkpointLedgerSeq", checkpoint.ledgerSeq())
            .put("checkpointCommit", checkpoint.commitId())
            .put("commit", commit.id())
            .put("changed", changed)
            .put("files", files(diff));
    if (job.reason() != null) {
      details.put(CheckpointJobs.REASON, job.reason());
    }
    return details;
  }

  /** The files of a diff, as the {@code CodeChanged} events list them. */
  private static JsonArray files(String diff) {
    JsonArray files = new JsonArray();
    for (FileDiff file : CodeChanges.split(diff)) {
      files.add(new JsonObject().put("path", file.path()).put("change", file.changeType()));
    }
    return files;
  }

  private Future<Workspace> workspace(CheckpointJob job) {
    return workspaces.open(job.workspaceOwner(), job.taskId().toString());
  }

  private static NonRetryableJobException nameTaken(CheckpointJob job) {
    return new NonRetryableJobException(
        "ILLEGAL_STATE: task " + job.taskId() + " has a checkpoint named '" + job.name() + "'");
  }
}
