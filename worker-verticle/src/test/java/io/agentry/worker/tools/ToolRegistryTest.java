package io.agentry.worker.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.worker.sandbox.Sandbox;
import io.agentry.worker.sandbox.TestSandboxes;
import io.agentry.worker.tools.ToolResult.Status;
import io.agentry.worker.tools.exec.ExecTools;
import io.agentry.worker.tools.files.FileTools;
import io.agentry.worker.tools.git.GitTools;
import io.agentry.worker.workspace.GitIdentity;
import io.agentry.worker.workspace.GitToken;
import io.agentry.worker.workspace.Workspace;
import io.agentry.worker.workspace.Workspaces;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's gates (allow-list, schema, approval) and the workspace tools behind them. */
class ToolRegistryTest {

  static final Path DATA_DIR = Path.of("target", "agentry-test-data").toAbsolutePath();

  private static Vertx vertx;
  private static Workspaces workspaces;
  private static ToolRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Files.createDirectories(DATA_DIR);
    for (Path p = DATA_DIR; p != null; p = p.getParent()) {
      // The sandbox user must be able to traverse to the workspaces.
      if (!Files.getPosixFilePermissions(p)
          .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    workspaces =
        Workspaces.create(vertx, DATA_DIR, new GitIdentity("node", "node@agentry.invalid"));
    Sandbox sandbox = TestSandboxes.open(vertx, TestSandboxes.settings(30, 128, 512));
    registry = ToolRegistry.create(ApprovalPolicy.NEVER);
    new FileTools(vertx).tools().forEach(registry::register);
    new ExecTools(sandbox).tools().forEach(registry::register);
    new GitTools(workspaces, GitToken.NONE).tools().forEach(registry::register);
    Set<String> all =
        registry.toolsFor("none").stream().map(Tool::name).collect(Collectors.toSet());
    assertThat(all).isEmpty();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Workspace workspace(String agent) {
    registry.allow(
        agent,
        Set.of(
            "read_file",
            "write_file",
            "edit_file",
            "list_files",
            "run_command",
            "create_venv",
            "run_tests",
            "git_commit",
            "git_status",
            "git_diff"));
    return workspaces.open(agent, "t-" + UUID.randomUUID()).await();
  }

  private static ToolResult call(Workspace ws, String tool, JsonObject args) {
    return registry.invoke(ToolCall.of(ws, tool, args)).await();
  }

  @Test
  void an_agent_only_uses_its_allowed_tools() {
    Workspace ws = workspace("coder-a");
    registry.allow("reader", Set.of("read_file"));
    ToolCall call =
        new ToolCall(
            "reader",
            "write_file",
            new JsonObject().put("path", "x").put("content", "y"),
            ws,
            false);
    ToolResult r = registry.invoke(call).await();
    assertThat(r.status()).isEqualTo(Status.DENIED);
    assertThat(r.output()).contains("may not use 'write_file'");
    assertThat(registry.schemasFor("reader").size()).isEqualTo(1);
    assertThat(call(ws, "no_such_tool", new JsonObject()).status()).isEqualTo(Status.DENIED);
  }

  @Test
  void arguments_are_validated_against_the_schema() {
    Workspace ws = workspace("coder-b");
    ToolResult r = call(ws, "write_file", new JsonObject().put("path", 42).put("extra", true));
    assertThat(r.status()).isEqualTo(Status.INVALID_ARGUMENTS);
    assertThat(r.output())
        .contains(
            "arguments.path must be a string, not an integer",
            "arguments.content is required",
            "arguments.extra is not a parameter");
  }

  @Test
  void the_approval_policy_parks_risky_calls_until_approved() {
    Workspace ws = workspace("coder-c");
    ToolRegistry strict = ToolRegistry.create(ApprovalPolicy.parse("risky"));
    new FileTools(vertx).tools().forEach(strict::register);
    strict.allow("coder-c", Set.of("read_file", "write_file"));
    JsonObject args = new JsonObject().put("path", "src/a.txt").put("content", "hi");
    ToolResult parked = strict.invoke(ToolCall.of(ws, "write_file", args)).await();
    assertThat(parked.status()).isEqualTo(Status.NEEDS_APPROVAL);
    assertThat(parked.data().getString("tool")).isEqualTo("write_file");
    assertThat(parked.data().getString("risk")).isEqualTo("RISKY");
    assertThat(ws.root().resolve("src/a.txt")).doesNotExist();
    assertThat(strict.invoke(ToolCall.of(ws, "write_file", args).approve()).await().ok()).isTrue();
    assertThat(
            strict
                .invoke(ToolCall.of(ws, "read_file", new JsonObject().put("path", "src/a.txt")))
                .await()
                .output())
        .isEqualTo("hi");
    assertThat(ApprovalPolicy.ALWAYS.needsApproval(RiskLevel.SAFE)).isTrue();
    assertThat(ApprovalPolicy.NEVER.needsApproval(RiskLevel.DANGEROUS)).isFalse();
  }

  @Test
  void file_tools_stay_inside_the_workspace() throws Exception {
    Workspace ws = workspace("coder-d");
    Files.createSymbolicLink(ws.root().resolve("src/escape"), Path.of("/etc"));
    for (String path :
        new String[] {
          "../../../../etc/passwd", "/etc/passwd", "src/escape/passwd", ".git/config"
        }) {
      ToolResult r = call(ws, "read_file", new JsonObject().put("path", path));
      assertThat(r.status()).as(path).isEqualTo(Status.ERROR);
    }
    ToolResult w =
        call(ws, "write_file", new JsonObject().put("path", "src/escape/x").put("content", "x"));
    assertThat(w.output()).contains("outside the workspace");
    assertThat(Path.of("/etc/x")).doesNotExist();
  }

  @Test
  void edit_replaces_exactly_one_occurrence_or_says_why_not() throws Exception {
    Workspace ws = workspace("coder-e");
    call(
        ws,
        "write_file",
        new JsonObject().put("path", "src/m.py").put("content", "a = 1\nb = 1\n"));
    JsonObject edit = new JsonObject().put("path", "src/m.py").put("replace", "x");
    assertThat(call(ws, "edit_file", edit.copy().put("search", "zzz")).output())
        .contains("does not occur");
    assertThat(call(ws, "edit_file", edit.copy().put("search", "= 1")).output())
        .contains("more than once");
    assertThat(
            call(ws, "edit_file", edit.copy().put("search", "b = 1").put("replace", "b = 2")).ok())
        .isTrue();
    assertThat(ws.root().resolve("src/m.py")).hasContent("a = 1\nb = 2");
    assertThat(call(ws, "list_files", new JsonObject().put("path", "src")).output())
        .contains("src/m.py");
  }

  @Test
  void commands_venv_and_tests_run_in_the_sandbox() {
    Workspace ws = workspace("tester-f");
    ToolResult cmd = call(ws, "run_command", new JsonObject().put("command", "id -u; pwd"));
    assertThat(cmd.output()).contains("65534", "/workspace");
    ToolResult venv = call(ws, "create_venv", new JsonObject());
    assertThat(venv.ok()).as(venv.output()).isTrue();
    assertThat(ws.root().resolve("venv/bin/python")).exists();
    call(
        ws,
        "write_file",
        new JsonObject()
            .put("path", "src/test_calc.py")
            .put(
                "content",
                "def test_ok():\n    assert 1 + 1 == 2\n\ndef test_bad():\n    assert 1 + 1 == 3\n"));
    ToolResult tests = call(ws, "run_tests", new JsonObject().put("workdir", "src"));
    assertThat(tests.status()).isEqualTo(Status.ERROR);
    assertThat(tests.data().getJsonObject("counts").getInteger("passed")).isEqualTo(1);
    assertThat(tests.data().getJsonObject("counts").getInteger("failed")).isEqualTo(1);
    ToolResult commit =
        call(
            ws, "git_commit", new JsonObject().put("summary", "Add tests").put("reasoning", "TDD"));
    assertThat(commit.output()).startsWith("committed");
    assertThat(call(ws, "git_status", new JsonObject()).data().getBoolean("clean")).isTrue();
  }
}
