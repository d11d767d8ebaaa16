package io.agentry.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a followed goal looks, on a terminal and in a log; and what the command line accepts. */
class FollowViewTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static JsonObject task(String status, String stage, int progress, String step) {
    return new JsonObject()
        .put("id", "t-1")
        .put("status", status)
        .put("stage", stage)
        .put("progress", progress)
        .put("currentStep", step)
        .put("goalRun", new JsonObject().put("iteration", 1));
  }

  private static JsonObject event(long seq, String type, JsonObject payload) {
    return new JsonObject()
        .put("seq", seq)
        .put("type", type)
        .put("source", "AGENT")
        .put("payload", payload);
  }

  @Test
  void aTerminalGetsAStatusLineRedrawnUnderTheSteps() {
    FollowView view = new FollowView(out, FollowView.Mode.TTY, true, 120);

    view.task(task("CODING", "BUILD", 0, "Coding: stats module (1/1)"));
    view.step(
        event(
            10,
            "ToolCalled",
            new JsonObject()
                .put("role", "coder")
                .put("tool", "write_file")
                .put("arguments", "{\"path\":\"src/stats.py\",\"content\":\"x\"}")));
    view.task(task("TESTING", "TEST", 50, "Testing (iteration 1)"));

    String status =
        "CODING    BUILD    [████░░░░░░░░░░░░░░░░]  20%  [iteration 1] Coding: stats module (1/1)";
    assertThat(output())
        .isEqualTo(
            status
                + "\r\033[2K#10   coder     write_file src/stats.py\n"
                + status
                + "\r\033[2KTESTING   TEST     [██████████░░░░░░░░░░]  52%  [iteration 1] Testing (iteration 1)");
  }

  @Test
  void theBarDoesNotGoBackWithinAnIterationButStartsAgainWithTheNext() {
    FollowView view = new FollowView(out, FollowView.Mode.PLAIN, false, 100);

    view.task(task("DEBUGGING", "TEST", 0, "Debugging"));
    view.task(task("TESTING", "TEST", 0, "Testing the fix"));
    view.task(
        task("CODING", "BUILD", 0, "Addressing feedback")
            .put("goalRun", new JsonObject().put("iteration", 2)));

    assertThat(output().split("\n"))
        .extracting(line -> line.replaceAll("^.*\\] +(\\d+%).*$", "$1"))
        .containsExactly("60%", "60%", "20%");
  }

  @Test
  void aLogGetsOneLinePerChangeAndASummary() {
    FollowView view = new FollowView(out, FollowView.Mode.PLAIN, false, 100);

    view.task(task("DEBUGGING", "TEST", 0, "Debugging 1 failed"));
    view.task(task("DEBUGGING", "TEST", 0, "Debugging 1 failed"));
    view.step(
        event(
            22,
            "TestsRun",
            new JsonObject()
                .put("success", false)
                .put("passed", 1)
                .put("failed", 1)
                .put("errors", 0)
                .put("coverage", 100.0)
                .put("lintClean", true)));
    JsonArray gates =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("name", "tests")
                    .put("detail", "1 failed")
                    .put("passed", false));
    view.finished(
        new JsonObject()
            .put("id", "t-1")
            .put("status", "FAILED")
            .put("project", new JsonObject().put("name", "stats"))
            .put(
                "goalRun",
                new JsonObject()
                    .put("state", "STOPPED")
                    .put("iteration", 3)
                    .put("debugRounds", 3)
                    .put("replans", 0)
                    .put("stopReason", "iteration limit reached (3)")),
        gates,
        Duration.ofSeconds(42));

    assertThat(output().split("\n"))
        .containsExactly(
            "status    DEBUGGING TEST     [############--------]  60%  [iteration 1] Debugging 1 failed",
            "#22   agent     tests FAILED: 1 passed, 1 failed, 0 errors, coverage 100%, lint clean",
            "",
            "FAILED: iteration limit reached (3) (after 42 s of following)",
            "  iterations  3 (3 debug round(s), 0 replan(s)), run STOPPED",
            "  gates       FAILED tests (1 failed)",
            "  task        t-1 in project stats");
  }

  @Test
  void theCommandLineNeedsACommandAndItsArgument() {
    CliOptions submit = CliOptions.parse("submit", "build", "a", "CLI", "--follow", "--plain");
    assertThat(submit.goal()).isEqualTo("build a CLI");
    assertThat(submit.project()).isEqualTo("default");
    assertThat(submit.follow()).isTrue();
    assertThat(submit.output()).isEqualTo(FollowView.Mode.PLAIN);
    assertThat(CliOptions.parse("follow", "t-1").taskId()).isEqualTo("t-1");

    assertThatThrownBy(() -> CliOptions.parse("submit", "--follow"))
        .hasMessageStartingWith("submit needs a goal");
    assertThatThrownBy(() -> CliOptions.parse("follow"))
        .hasMessage("follow needs exactly one task id");
    assertThatThrownBy(() -> CliOptions.parse("submit", "x", "--project"))
        .hasMessage("--project needs a value");
    assertThatThrownBy(() -> CliOptions.parse("status"))
        .hasMessageStartingWith("unknown command 'status'");
    assertThatThrownBy(() -> CliOptions.parse("submit", "x", "--colour"))
        .hasMessage("unknown option '--colour'");
  }
}
