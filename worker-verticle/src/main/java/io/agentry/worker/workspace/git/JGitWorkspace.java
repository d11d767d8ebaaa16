package io.agentry.worker.workspace.git;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.worker.support.Blocking;
import io.agentry.worker.workspace.CommitInfo;
import io.agentry.worker.workspace.GitIdentity;
import io.agentry.worker.workspace.GitToken;
import io.agentry.worker.workspace.Workspace;
import io.agentry.worker.workspace.WorkspaceStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/**
 * A workspace repository driven by JGit. Operations on one workspace are serialised (JGit's index
 * is not safe for concurrent writers); each runs on a virtual thread.
 */
final class JGitWorkspace implements Workspace {

  static final String CHECKPOINT_PREFIX = "checkpoint/";

  private final Vertx vertx;
  private final String agentId;
  private final String taskId;
  private final Path root;
  private final GitIdentity author;
  private final GitIdentity committer;
  private final ReentrantLock lock = new ReentrantLock();

  JGitWorkspace(
      Vertx vertx,
      String agentId,
      String taskId,
      Path root,
      GitIdentity author,
      GitIdentity committer) {
    this.vertx = vertx;
    this.agentId = agentId;
    this.taskId = taskId;
    this.root = root;
    this.author = author;
    this.committer = committer;
  }

  @Override
  public String agentId() {
    return agentId;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public Future<WorkspaceStatus> status() {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            Status s = git.status().call();
            List<String> modified = new ArrayList<>(s.getModified());
            modified.addAll(s.getChanged());
            List<String> removed = new ArrayList<>(s.getMissing());
            removed.addAll(s.getRemoved());
            return new WorkspaceStatus(
                git.getRepository().getBranch(),
                sorted(s.getAdded()),
                sorted(modified),
                sorted(removed),
                sorted(s.getUntracked()));
          }
        });
  }

  @Override
  public Future<Optional<CommitInfo>> commit(String summary, String reasoning) {
    return locked(() -> commitNow(summary, reasoning));
  }

  /** Stages everything and commits; empty when the tree did not change. Caller holds no lock. */
  Optional<CommitInfo> commitNow(String summary, String reasoning)
      throws IOException, GitAPIException {
    if (summary == null || summary.isBlank()) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, "a commit needs a summary");
    }
    try (Git git = Git.open(root.toFile())) {
      git.add().addFilepattern(".").call();
      git.add().setUpdate(true).addFilepattern(".").call();
      boolean hasHead = git.getRepository().resolve("HEAD") != null;
      if (hasHead && git.status().call().getUncommittedChanges().isEmpty()) {
        return Optional.empty();
      }
      String message =
          summary.strip()
              + "\n\n"
              + (reasoning == null || reasoning.isBlank()
                  ? "(no reasoning given)"
                  : reasoning.strip())
              + "\n\nAgent: "
              + agentId
              + "\nTask: "
              + taskId
              + "\n";
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor(new PersonIdent(author.name(), author.email()))
              .setCommitter(new PersonIdent(committer.name(), committer.email()))
              .setNoVerify(true)
              .setSign(false)
              .call();
      return Optional.of(info(commit));
    }
  }

  @Override
  public Future<String> diff(String fromRevision, String toRevision) {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            Repository repo = git.getRepository();
            return format(repo, tree(repo, fromRevision), tree(repo, toRevision));
          }
        });
  }

  @Override
  public Future<String> diffWorkingTree() {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            Repository repo = git.getRepository();
            return format(repo, tree(repo, "HEAD"), new FileTreeIterator(repo));
          }
        });
  }

  @Override
  public Future<CommitInfo> checkpoint(String name, String note) {
    return locked(
        () -> {
          commitNow("Checkpoint " + name, note);
          try (Git git = Git.open(root.toFile())) {
            git.tag()
                .setName(CHECKPOINT_PREFIX + name)
                .setAnnotated(true)
                .setMessage(note == null ? name : note)
                .setTagger(new PersonIdent(committer.name(), committer.email()))
                .setSigned(false)
                .call();
            return info(head(git.getRepository()));
          }
        });
  }

  @Override
  public Future<List<String>> checkpoints() {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            List<String> names = new ArrayList<>();
            for (Ref ref : git.tagList().call()) {
              String tag = Repository.shortenRefName(ref.getName());
              if (tag.startsWith(CHECKPOINT_PREFIX)) {
                names.add(tag.substring(CHECKPOINT_PREFIX.length()));
              }
            }
            return names;
          }
        });
  }

  @Override
  public Future<Optional<CommitInfo>> checkpointCommit(String name) {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            Repository repo = git.getRepository();
            ObjectId id = repo.resolve(CHECKPOINT_PREFIX + name + "^{commit}");
            if (id == null) {
              return Optional.<CommitInfo>empty();
            }
            try (RevWalk walk = new RevWalk(repo)) {
              return Optional.of(info(walk.parseCommit(id)));
            }
          }
        });
  }

  @Override
  public Future<CommitInfo> rollback(String checkpointName, String reasoning) {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            Repository repo = git.getRepository();
            String tag = CHECKPOINT_PREFIX + checkpointName;
            if (repo.resolve(tag + "^{commit}") == null) {
              throw new AgentryException(
                  ErrorCode.NOT_FOUND, "no checkpoint '" + checkpointName + "'");
            }
            String head = repo.resolve("HEAD").name();
            // Work tree and index become the checkpoint, then HEAD moves back: the difference is
            // committed as a new commit, so the commits after the checkpoint stay in history.
            git.reset().setMode(ResetType.HARD).setRef(tag + "^{commit}").call();
            git.clean().setCleanDirectories(true).call();
            git.reset().setMode(ResetType.SOFT).setRef(head).call();
          }
          return commitNow("Roll back to checkpoint " + checkpointName, reasoning)
              .orElseGet(() -> currentHead());
        });
  }

  @Override
  public Future<String> branch(String name) {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            git.checkout().setCreateBranch(true).setName(name).call();
            return git.getRepository().getBranch();
          }
        });
  }

  @Override
  public Future<List<CommitInfo>> log(int max) {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            List<CommitInfo> commits = new ArrayList<>();
            git.log().setMaxCount(max).call().forEach(c -> commits.add(info(c)));
            return commits;
          }
        });
  }

  @Override
  public Future<Void> push(String remoteUrl, String branch, GitToken token) {
    return locked(
        () -> {
          try (Git git = Git.open(root.toFile())) {
            git.push()
                .setRemote(remoteUrl)
                .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                .setPushTags()
                .setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(token.user(), token.token()))
                .call();
            return null;
          } catch (GitAPIException e) {
            throw new AgentryException(
                ErrorCode.UNAVAILABLE, "push failed: " + token.redact(e.getMessage()));
          }
        });
  }

  void forgetOrigin() throws IOException {
    try (Git git = Git.open(root.toFile())) {
      StoredConfig config = git.getRepository().getConfig();
      config.unsetSection("remote", "origin");
      for (String branch : config.getSubsections("branch")) {
        config.unset("branch", branch, "remote");
        config.unset("branch", branch, "merge");
      }
      config.save();
    }
  }

  private CommitInfo currentHead() {
    try (Git git = Git.open(root.toFile())) {
      return info(head(git.getRepository()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RevCommit head(Repository repo) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(repo.resolve("HEAD"));
    }
  }

  private static AbstractTreeIterator tree(Repository repo, String revision) throws IOException {
    ObjectId id = repo.resolve(revision + "^{tree}");
    if (id == null) {
      throw new AgentryException(ErrorCode.NOT_FOUND, "no revision '" + revision + "'");
    }
    CanonicalTreeParser parser = new CanonicalTreeParser();
    try (var reader = repo.newObjectReader()) {
      parser.reset(reader, id);
    }
    return parser;
  }

  private static String format(Repository repo, AbstractTreeIterator from, AbstractTreeIterator to)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setRepository(repo);
      formatter.format(formatter.scan(from, to));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static CommitInfo info(RevCommit commit) {
    return new CommitInfo(commit.getName(), commit.getShortMessage());
  }

  private static List<String> sorted(java.util.Collection<String> paths) {
    return paths.stream().sorted().toList();
  }

  private <T> Future<T> locked(Callable<T> work) {
    return Blocking.run(
        vertx,
        "agentry-git",
        () -> {
          lock.lock();
          try {
            return work.call();
          } finally {
            lock.unlock();
          }
        });
  }
}
