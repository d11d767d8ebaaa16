package io.agentry.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task workspaces as real JGit repositories: layout, commits, diffs, checkpoints, push, clone. */
class WorkspaceGitTest {

  /** JGit's config redirection is JVM-wide, so all tests share one data dir. */
  static final Path DATA_DIR = Path.of("target", "agentry-test-data").toAbsolutePath();

  private static Vertx vertx;
  private static Workspaces workspaces;

  @TempDir Path temp;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    workspaces =
        Workspaces.create(vertx, DATA_DIR, new GitIdentity("agentry node", "node@agentry.invalid"));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static String task() {
    return "t-" + UUID.randomUUID();
  }

  @Test
  void a_new_workspace_has_the_layout_and_a_first_commit() throws Exception {
    String task = task();
    Workspace ws = workspaces.open("coder-1", task).await();
    assertThat(ws.root()).isEqualTo(DATA_DIR.resolve("workspaces/coder-1/tasks/" + task));
    for (String dir : new String[] {"src", "output", "research"}) {
      assertThat(ws.root().resolve(dir)).isDirectory();
    }
    assertThat(ws.root().resolve("README.md")).content().contains("Task " + task);
    assertThat(ws.log(10).await()).hasSize(1);
    assertThat(ws.status().await().clean()).isTrue();
    assertThat(workspaces.open("coder-1", task).await().log(10).await()).hasSize(1);
    // JGit reads its user config from the node's data dir, never from ~/.gitconfig.
    assertThat(
            SystemReader.getInstance()
                .openUserConfig(null, org.eclipse.jgit.util.FS.DETECTED)
                .getFile()
                .toPath())
        .startsWithRaw(DATA_DIR);
  }

  @Test
  void ids_that_could_escape_the_data_dir_are_refused() {
    assertThatThrownBy(() -> workspaces.open("../etc", "x").await())
        .hasMessageContaining("agent id");
    assertThatThrownBy(() -> workspaces.open("coder", "a/b").await())
        .hasMessageContaining("task id");
  }

  @Test
  void each_commit_carries_the_reasoning_and_any_two_commits_can_be_diffed() throws Exception {
    Workspace ws = workspaces.open("coder-1", task()).await();
    Files.writeString(ws.root().resolve("src/app.py"), "print('v1')\n");
    CommitInfo first =
        ws.commit("Add app", "The task asks for a greeting script.").await().orElseThrow();
    Files.writeString(ws.root().resolve("src/app.py"), "print('v2')\n");
    assertThat(ws.status().await().modified()).containsExactly("src/app.py");
    assertThat(ws.diffWorkingTree().await()).contains("-print('v1')", "+print('v2')");
    CommitInfo second = ws.commit("Say v2", "Tests expect v2.").await().orElseThrow();
    assertThat(ws.commit("Nothing", "no change").await()).isEmpty();

    assertThat(ws.diff(first.id(), second.id()).await())
        .contains("diff --git a/src/app.py b/src/app.py", "-print('v1')", "+print('v2')");
    try (Git git = Git.open(ws.root().toFile())) {
      RevCommit head = git.log().setMaxCount(1).call().iterator().next();
      assertThat(head.getFullMessage()).contains("Say v2", "Tests expect v2.", "Agent: coder-1");
      assertThat(head.getAuthorIdent().getName()).isEqualTo("agentry/coder-1");
      assertThat(head.getCommitterIdent().getName()).isEqualTo("agentry node");
    }
  }

  @Test
  void rollback_restores_a_checkpoint_in_a_new_commit() throws Exception {
    Workspace ws = workspaces.open("coder-1", task()).await();
    Files.writeString(ws.root().resolve("src/app.py"), "good\n");
    ws.checkpoint("tests-green", "All tests pass here.").await();
    Files.writeString(ws.root().resolve("src/app.py"), "broken\n");
    Files.writeString(ws.root().resolve("src/extra.py"), "more\n");
    ws.commit("Refactor", "Trying a risky refactor.").await();
    Files.writeString(ws.root().resolve("src/scratch.txt"), "uncommitted\n");

    CommitInfo rollback = ws.rollback("tests-green", "The refactor broke the tests.").await();

    assertThat(rollback.summary()).isEqualTo("Roll back to checkpoint tests-green");
    assertThat(ws.root().resolve("src/app.py")).hasContent("good");
    assertThat(ws.root().resolve("src/extra.py")).doesNotExist();
    assertThat(ws.root().resolve("src/scratch.txt")).doesNotExist();
    assertThat(ws.diff("checkpoint/tests-green", "HEAD").await()).isEmpty();
    assertThat(ws.log(10).await()).extracting(CommitInfo::summary).contains("Refactor");
    assertThat(ws.checkpoints().await()).containsExactly("tests-green");
    assertThatThrownBy(() -> ws.rollback("nope", "x").await())
        .hasMessageContaining("no checkpoint 'nope'");
  }

  @Test
  void a_branch_is_created_and_checked_out() {
    Workspace ws = workspaces.open("coder-1", task()).await();
    assertThat(ws.branch("experiment").await()).isEqualTo("experiment");
    assertThat(ws.status().await().branch()).isEqualTo("experiment");
  }

  @Test
  void push_to_a_local_bare_repository_and_clone_it_back() throws Exception {
    Path bare = temp.resolve("remote.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    Workspace ws = workspaces.open("coder-1", task()).await();
    Files.writeString(ws.root().resolve("src/lib.py"), "x = 1\n");
    CommitInfo commit = ws.commit("Add lib", "Shared helper.").await().orElseThrow();
    GitToken token = new GitToken("agentry", "tok-secret-123");

    ws.push(bare.toUri().toString(), "main", token).await();

    try (Repository remote = Git.open(bare.toFile()).getRepository()) {
      assertThat(remote.resolve("refs/heads/main").name()).isEqualTo(commit.id());
    }
    String config = Files.readString(ws.root().resolve(".git/config"));
    assertThat(config).doesNotContain("tok-secret-123").doesNotContain(bare.toString());

    Workspace clone =
        workspaces.cloneFrom("tester-1", task(), bare.toUri().toString(), token).await();
    assertThat(clone.root().resolve("src/lib.py")).hasContent("x = 1");
    assertThat(Files.readString(clone.root().resolve(".git/config")))
        .doesNotContain("url")
        .doesNotContain("remote");
    assertThat(token.toString()).doesNotContain("tok-secret-123");
  }
}
