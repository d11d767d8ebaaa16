package io.agentry.worker.tools.exec;

import io.agentry.worker.sandbox.Sandbox;
import io.agentry.worker.sandbox.SandboxCommand;
import io.agentry.worker.sandbox.SandboxResult;
import io.agentry.worker.tools.RiskLevel;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.tools.SimpleTool;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.tools.files.WorkspacePaths;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** run_command, create_venv and run_tests: everything runs in the {@link Sandbox}. */
public final class ExecTools {

  /** Debian's interpreter: the {@code python3} on a developer's PATH may be a pyenv shim. */
  static final String PYTHON = "/usr/bin/python3";

  private final Sandbox sandbox;

  public ExecTools(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  public List<Tool> tools() {
    return List.of(
        new SimpleTool(
            "run_command",
            "Run a shell command in the sandbox (no network; only the workspace is writable).",
            Schemas.object()
                .string("command", "a /bin/sh command line", 20_000, true)
                .string("workdir", "directory relative to the workspace", 4096, false)
                .integer("timeoutSeconds", "wall-clock limit (capped by the node's policy)", false)
                .build(),
            RiskLevel.RISKY,
            this::runCommand),
        new SimpleTool(
            "create_venv",
            "Create a Python virtual environment in the workspace (system packages such as pytest"
                + " stay visible; there is no package index).",
            Schemas.object()
                .string("path", "where, relative to the workspace (default venv)", 256, false)
                .build(),
            RiskLevel.RISKY,
            this::createVenv),
        new SimpleTool(
            "run_tests",
            "Run the workspace's tests (pytest, Maven or npm, detected from its files) and report"
                + " passed/failed counts.",
            Schemas.object()
                .string("workdir", "directory relative to the workspace (default .)", 4096, false)
                .build(),
            RiskLevel.RISKY,
            this::runTests));
  }

  private Future<ToolResult> runCommand(ToolCall call) {
    JsonObject a = call.arguments();
    SandboxCommand command;
    try {
      command =
          SandboxCommand.shell(call.workspace().root(), a.getString("command"))
              .inDirectory(workdir(call, a.getString("workdir")));
    } catch (IllegalArgumentException | IOException e) {
      return Future.succeededFuture(ToolResult.error(e.getMessage()));
    }
    Integer seconds = a.getInteger("timeoutSeconds");
    if (seconds != null) {
      command = command.withTimeout(Duration.ofSeconds(Math.max(1, seconds)));
    }
    return sandbox.run(command).map(ExecTools::toResult);
  }

  private Future<ToolResult> createVenv(ToolCall call) {
    String path = call.arguments().getString("path", "venv");
    try {
      WorkspacePaths.resolve(call.workspace().root(), path);
    } catch (IllegalArgumentException | IOException e) {
      return Future.succeededFuture(ToolResult.error(e.getMessage()));
    }
    SandboxCommand command =
        SandboxCommand.of(
            call.workspace().root(),
            PYTHON,
            "-m",
            "venv",
            "--system-site-packages",
            "--without-pip",
            path);
    return sandbox
        .run(command)
        .map(
            r ->
                r.succeeded()
                    ? ToolResult.ok("created " + path + "; use " + path + "/bin/python", r.toJson())
                    : toResult(r));
  }

  private Future<ToolResult> runTests(ToolCall call) {
    String workdir;
    Path dir;
    try {
      workdir = workdir(call, call.arguments().getString("workdir"));
      dir = call.workspace().root().resolve(workdir).normalize();
    } catch (IllegalArgumentException | IOException e) {
      return Future.succeededFuture(ToolResult.error(e.getMessage()));
    }
    TestRunner runner = TestRunner.detect(dir, call.workspace().root());
    if (runner == null) {
      return Future.succeededFuture(
          ToolResult.error("no tests found: no test_*.py, pom.xml or package.json in " + workdir));
    }
    SandboxCommand command =
        new SandboxCommand(call.workspace().root(), runner.argv(), workdir, null);
    return sandbox
        .run(command)
        .map(
            r -> {
              TestCounts counts = runner.parse(r.stdout() + "\n" + r.stderr());
              JsonObject data =
                  r.toJson().put("runner", runner.displayName()).put("counts", counts.toJson());
              String summary =
                  runner.displayName()
                      + ": "
                      + counts.passed()
                      + " passed, "
                      + counts.failed()
                      + " failed"
                      + (r.timedOut() ? " (timed out)" : "")
                      + "\n"
                      + r.stdout()
                      + r.stderr();
              return r.succeeded()
                  ? ToolResult.ok(summary, data)
                  : new ToolResult(ToolResult.Status.ERROR, summary, data);
            });
  }

  private static String workdir(ToolCall call, String workdir) throws IOException {
    if (workdir == null || workdir.isBlank() || workdir.equals(".")) {
      return ".";
    }
    WorkspacePaths.resolve(call.workspace().root(), workdir);
    return workdir;
  }

  static ToolResult toResult(SandboxResult r) {
    String text =
        "exit "
            + r.exitCode()
            + (r.signal() != null ? " (signal " + r.signal() + ")" : "")
            + (r.timedOut() ? " (timed out)" : "")
            + "\n--- stdout\n"
            + r.stdout()
            + "--- stderr\n"
            + r.stderr();
    return r.succeeded()
        ? ToolResult.ok(text, r.toJson())
        : new ToolResult(ToolResult.Status.ERROR, text, r.toJson());
  }

  static boolean exists(Path dir, String name) {
    return Files.exists(dir.resolve(name));
  }
}
