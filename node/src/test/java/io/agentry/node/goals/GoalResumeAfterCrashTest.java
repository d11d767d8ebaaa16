package io.agentry.node.goals;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.testing.ScriptedModelServer;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.node.testing.GoalHygiene;
import io.agentry.node.testing.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the node in the middle of a goal, then a restart on the same data directory: the goal
 * completes; no tool call recorded as done runs again, no recorded model turn is asked for again.
 */
class GoalResumeAfterCrashTest {

  @TempDir Path dataDir;

  private Vertx vertx;
  private ScriptedModelServer model;

  @BeforeEach
  void start() {
    GoalHygiene.cancelUnfinishedGoalJobs();
    vertx = Vertx.vertx();
    model = ScriptedModelServer.start(vertx).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aGoalKilledMidStepResumesWithoutRepeatingRecordedToolCalls() throws Exception {
    String first = PythonGoalScript.args("command", "echo first >> src/side-effects.txt");
    String slow = PythonGoalScript.args("command", "sleep 5; echo second >> src/side-effects.txt");
    model.enqueue(PythonGoalScript.plan());
    model.enqueue(
        ScriptedTurn.toolCalls(
            call(
                "code-1",
                "write_file",
                PythonGoalScript.args(
                    "path",
                    "src/stats.py",
                    "content",
                    PythonGoalScript.BUGGY.replace(
                        "return sum(xs) / len(xs)", "return sum(xs) / len(xs) if xs else 0.0")))),
        ScriptedTurn.toolCalls(call("side-1", "run_command", first)),
        ScriptedTurn.toolCalls(call("side-2", "run_command", slow)),
        ScriptedTurn.text("Implemented mean() with two recorded side effects"));
    model.enqueue(PythonGoalScript.tester().toArray(ScriptedTurn[]::new));
    model.enqueue(PythonGoalScript.approve());
    Map<String, String> env = GoalLoopEndToEndTest.nodeEnvironment(model, dataDir);

    String project;
    String taskId;
    try (NodeProcess node = NodeProcess.start("goal-crash", env)) {
      node.awaitStarted(Duration.ofSeconds(60));
      GoalApi api = new GoalApi(URI.create(node.httpBase()).getPort());
      project = api.createProject("crash");
      taskId = api.submitGoal(project, PythonGoalScript.GOAL, null);
      awaitToolCalled(api, project, "side-2");
      node.kill();
    }
    int turnsAskedBeforeCrash = model.requests().size();

    try (NodeProcess node = NodeProcess.start("goal-restarted", env)) {
      node.awaitStarted(Duration.ofSeconds(60));
      GoalApi api = new GoalApi(URI.create(node.httpBase()).getPort());
      JsonObject task = api.awaitFinished(taskId, Duration.ofSeconds(120));

      assertThat(task.getString("status")).as(task.encodePrettily()).isEqualTo("COMPLETED");
      List<JsonObject> ledger = api.ledger(project);
      GoalLoopEndToEndTest.assertEveryObservationAnswersItsAction(ledger);
      // side-1 was observed before the crash and ran once; side-2 was cut off and ran again, once.
      Path workspace =
          dataDir.resolve("workspaces").resolve("goal").resolve("tasks").resolve(taskId);
      assertThat(Files.readAllLines(workspace.resolve("src/side-effects.txt")))
          .containsExactly("first", "second");
      List<JsonObject> sideOne =
          GoalApi.ofType(ledger, "ToolObserved").stream()
              .filter(e -> "side-1".equals(e.getJsonObject("payload").getString("callId")))
              .toList();
      assertThat(sideOne).hasSize(1);
      // Every scripted turn was asked for exactly once across both nodes.
      assertThat(model.remainingTurns()).isZero();
      assertThat(turnsAskedBeforeCrash).isEqualTo(4);
      assertThat(model.requests()).hasSize(8);
    }
  }

  private static void awaitToolCalled(GoalApi api, String project, String callId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      boolean called =
          GoalApi.ofType(api.ledger(project), "ToolCalled").stream()
              .anyMatch(e -> callId.equals(e.getJsonObject("payload").getString("callId")));
      if (called) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("tool call " + callId + " was never recorded");
  }
}
