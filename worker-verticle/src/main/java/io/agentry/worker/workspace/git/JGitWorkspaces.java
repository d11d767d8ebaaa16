package io.agentry.worker.workspace.git;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.worker.support.Blocking;
import io.agentry.worker.workspace.GitIdentity;
import io.agentry.worker.workspace.GitToken;
import io.agentry.worker.workspace.Workspace;
import io.agentry.worker.workspace.Workspaces;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** {@link Workspaces} on the file system with JGit. */
public final class JGitWorkspaces implements Workspaces {

  static final List<String> LAYOUT = List.of("src", "output", "research");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String IGNORES =
      "venv/\n.venv/\n__pycache__/\n.pytest_cache/\nnode_modules/\n";

  private final Vertx vertx;
  private final Path base;
  private final GitIdentity committer;

  private JGitWorkspaces(Vertx vertx, Path base, GitIdentity committer) {
    this.vertx = vertx;
    this.base = base;
    this.committer = committer;
  }

  public static JGitWorkspaces create(Vertx vertx, Path dataDir, GitIdentity committer) {
    IsolatedSystemReader.install(dataDir);
    return new JGitWorkspaces(vertx, dataDir.toAbsolutePath().resolve("workspaces"), committer);
  }

  @Override
  public Future<Workspace> open(String agentId, String taskId) {
    return Blocking.run(
        vertx,
        "agentry-workspace",
        () -> {
          Path root = root(agentId, taskId);
          if (Files.isDirectory(root.resolve(".git"))) {
            return workspace(agentId, taskId, root);
          }
          Files.createDirectories(root);
          Git.init().setDirectory(root.toFile()).setInitialBranch("main").call().close();
          return layOut(workspace(agentId, taskId, root), "Create the task workspace");
        });
  }

  @Override
  public Future<Workspace> cloneFrom(
      String agentId, String taskId, String remoteUrl, GitToken token) {
    return Blocking.run(
        vertx,
        "agentry-workspace",
        () -> {
          Path root = root(agentId, taskId);
          if (Files.exists(root)) {
            throw new AgentryException(
                ErrorCode.ILLEGAL_STATE, "workspace " + agentId + "/" + taskId + " already exists");
          }
          Files.createDirectories(root.getParent());
          try {
            Git.cloneRepository()
                .setURI(remoteUrl)
                .setDirectory(root.toFile())
                .setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(token.user(), token.token()))
                .call()
                .close();
          } catch (GitAPIException e) {
            throw new AgentryException(
                ErrorCode.UNAVAILABLE, "clone failed: " + token.redact(e.getMessage()));
          }
          // The clone's origin must not keep a URL that might carry credentials.
          JGitWorkspace workspace = workspace(agentId, taskId, root);
          workspace.forgetOrigin();
          return layOut(workspace, "Add the task workspace layout to the clone");
        });
  }

  private JGitWorkspace workspace(String agentId, String taskId, Path root) {
    return new JGitWorkspace(vertx, agentId, taskId, root, GitIdentity.of(agentId), committer);
  }

  private static Workspace layOut(JGitWorkspace workspace, String summary)
      throws IOException, GitAPIException {
    Path root = workspace.root();
    for (String dir : LAYOUT) {
      Path keep = Files.createDirectories(root.resolve(dir)).resolve(".gitkeep");
      if (!Files.exists(keep)) {
        Files.createFile(keep);
      }
    }
    Path readme = root.resolve("README.md");
    if (!Files.exists(readme)) {
      Files.writeString(
          readme,
          "# Task "
              + workspace.taskId()
              + "\n\nNotes and progress of agent "
              + workspace.agentId()
              + ".\n");
    }
    Path ignore = root.resolve(".gitignore");
    if (!Files.exists(ignore)) {
      Files.writeString(ignore, IGNORES);
    }
    workspace.commitNow(summary, "Workspace layout: src/, output/, research/, README.md.");
    return workspace;
  }

  private Path root(String agentId, String taskId) {
    requireId("agent", agentId);
    requireId("task", taskId);
    return base.resolve(agentId).resolve("tasks").resolve(taskId);
  }

  private static void requireId(String what, String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          what + " id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
  }
}
