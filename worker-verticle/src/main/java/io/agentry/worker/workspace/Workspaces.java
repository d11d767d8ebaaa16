package io.agentry.worker.workspace;

import io.agentry.worker.workspace.git.JGitWorkspaces;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * The workspaces of a node: {@code <dataDir>/workspaces/{agent}/tasks/{task}/} holding {@code
 * src/}, {@code output/}, {@code research/} and a {@code README.md} of notes, each task a git
 * repository. Operations run off the event loop and complete on the caller's context.
 */
public interface Workspaces {

  /** JGit is pointed at {@code dataDir} once per JVM: it reads no {@code ~/.gitconfig}. */
  static Workspaces create(Vertx vertx, Path dataDir, GitIdentity identity) {
    return JGitWorkspaces.create(vertx, dataDir, identity);
  }

  /** Opens the task's workspace, creating the layout and its first commit when it is new. */
  Future<Workspace> open(String agentId, String taskId);

  /**
   * Creates the task's workspace as a clone of {@code remoteUrl} (the layout is added on top when
   * missing). Fails when the workspace already exists. The token is used for this call only.
   */
  Future<Workspace> cloneFrom(String agentId, String taskId, String remoteUrl, GitToken token);
}
