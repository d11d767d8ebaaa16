package io.agentry.worker.workspace;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;

/**
 * One task's workspace, a git repository. Every change is a commit whose message carries the
 * agent's reasoning; checkpoints are tags; a rollback is a new commit restoring a checkpoint's
 * files, so history is never rewritten.
 */
public interface Workspace {

  String agentId();

  String taskId();

  /** The task directory (the repository's work tree). */
  Path root();

  Future<WorkspaceStatus> status();

  /**
   * Commits every change (additions, edits, deletions). {@code summary} is the first line, {@code
   * reasoning} the body. Completes with empty when there was nothing to commit.
   */
  Future<java.util.Optional<CommitInfo>> commit(String summary, String reasoning);

  /** Unified diff between two revisions (ids, branches, tags such as {@code checkpoint/x}). */
  Future<String> diff(String fromRevision, String toRevision);

  /** Unified diff of the uncommitted changes against {@code HEAD}. */
  Future<String> diffWorkingTree();

  /** Commits pending changes, then tags {@code HEAD} as {@code checkpoint/<name>}. */
  Future<CommitInfo> checkpoint(String name, String note);

  Future<List<String>> checkpoints();

  /** The commit a checkpoint tags, or empty when the workspace has no such checkpoint. */
  Future<java.util.Optional<CommitInfo>> checkpointCommit(String name);

  /** Restores the files of a checkpoint in a new commit; later commits stay in history. */
  Future<CommitInfo> rollback(String checkpointName, String reasoning);

  /** Creates {@code name} at {@code HEAD} and checks it out. */
  Future<String> branch(String name);

  Future<List<CommitInfo>> log(int max);

  /**
   * Pushes {@code branch} to {@code remoteUrl}. The URL and token are used for this call only and
   * are never written into the repository's config or logged.
   */
  Future<Void> push(String remoteUrl, String branch, GitToken token);
}
