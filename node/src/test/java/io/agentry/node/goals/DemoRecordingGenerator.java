package io.agentry.node.goals;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.llm.replay.ModelRecording;
import io.agentry.core.testing.ScriptedModelServer;
import io.agentry.node.demo.DemoGoal;
import io.agentry.node.testing.GoalHygiene;
import io.agentry.node.testing.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the demo's recording, {@code node/src/main/resources/demo/python-stats.json}: a real node
 * runs {@link DemoGoal#GOAL} against the scripted model of {@link PythonGoalScript} with {@code
 * models.recordTo} set, so the file holds every model turn of an actual run (plan, code, red tests,
 * fix, review). Not part of the build; run it after a change to the roles' prompts or tools, then
 * commit the file:
 *
 * <pre>
 * mvn -B -pl node -am verify -Dtest=DemoRecordingGenerator -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dagentry.demo.regenerate=true
 * </pre>
 *
 * {@code DemoModeTest} then proves the committed recording still carries a node through the goal.
 */
@EnabledIfSystemProperty(named = "agentry.demo.regenerate", matches = "true")
class DemoRecordingGenerator {

  private static final Path RESOURCE = Path.of("src/main/resources").resolve(DemoGoal.RECORDING);

  @Test
  void recordsTheDemoGoalPlayedByTheScriptedModel(@TempDir Path dataDir, @TempDir Path out)
      throws Exception {
    GoalHygiene.cancelUnfinishedGoalJobs();
    Vertx vertx = Vertx.vertx();
    ScriptedModelServer model = ScriptedModelServer.start(vertx).await();
    Path recording = out.resolve("python-stats.json");
    Map<String, String> env = new HashMap<>(GoalLoopEndToEndTest.nodeEnvironment(model, dataDir));
    env.put("AGENTRY_MODELS_RECORD_TO", recording.toString());
    try (NodeProcess node = NodeProcess.start("demo-recording", env)) {
      node.awaitStarted(Duration.ofSeconds(60));
      model.enqueue(PythonGoalScript.wholeRun());
      GoalApi api = new GoalApi(URI.create(node.httpBase()).getPort());
      String project = api.createProject("demo-recording");

      JsonObject task =
          api.awaitFinished(api.submitGoal(project, DemoGoal.GOAL, null), Duration.ofMinutes(2));

      assertThat(task.getString("status")).as(task.encodePrettily()).isEqualTo("COMPLETED");
      assertThat(model.remainingTurns()).isZero();
      int turns = model.requests().size();
      ModelRecording recorded = awaitTurns(vertx, recording, turns);
      assertThat(recorded.turns())
          .extracting(ModelRecording.Turn::role)
          .containsExactly(
              "architect",
              "coder",
              "coder",
              "tester",
              "tester",
              "debugger",
              "debugger",
              "architect");
      Files.createDirectories(RESOURCE.getParent());
      Files.copy(recording, RESOURCE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      vertx.close().await();
    }
  }

  /** The file is rewritten after every turn; the last write may trail the goal's end a little. */
  private static ModelRecording awaitTurns(Vertx vertx, Path file, int turns) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      if (Files.exists(file)) {
        ModelRecording recording = ModelRecording.load(vertx, file).await();
        if (recording.turns().size() >= turns || System.nanoTime() > deadline) {
          return recording;
        }
      } else if (System.nanoTime() > deadline) {
        throw new AssertionError("no recording was written to " + file);
      }
      Thread.sleep(100);
    }
  }
}
