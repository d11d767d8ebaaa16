package io.agentry.node.goals;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.testing.ScriptedModelServer;
import io.agentry.node.testing.GoalHygiene;
import io.agentry.node.testing.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a goal leaves behind, read through the GraphQL API of a real node (code changes, test
 * results, checkpoints, goal runs), and a checkpoint and a rollback of its workspace done by the
 * node's worker as jobs: a person breaks the finished code, sets a checkpoint of the broken state,
 * and rolls back to the tester's green checkpoint. Only the model is scripted.
 */
class CheckpointEndToEndTest {

  private static final Duration GOAL_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> JOB_ENDED = Set.of("SUCCEEDED", "FAILED", "DEAD", "CANCELLED");

  @TempDir static Path dataDir;

  private static Vertx vertx;
  private static ScriptedModelServer model;
  private static NodeProcess node;
  private static GoalApi api;

  @BeforeAll
  static void startNode() throws Exception {
    vertx = Vertx.vertx();
    GoalHygiene.cancelUnfinishedGoalJobs();
    model = ScriptedModelServer.start(vertx).await();
    node = NodeProcess.start("checkpoints", GoalLoopEndToEndTest.nodeEnvironment(model, dataDir));
    node.awaitStarted(Duration.ofSeconds(60));
    api = new GoalApi(URI.create(node.httpBase()).getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    vertx.close().await();
  }

  @Test
  void aFinishedGoalsWorkIsReadableAndItsWorkspaceRollsBackToTheGreenCheckpoint() throws Exception {
    model.enqueue(PythonGoalScript.wholeRun());
    String project = api.createProject("checkpoints");
    String taskId = api.submitGoal(project, PythonGoalScript.GOAL, null);
    JsonObject finished = api.awaitFinished(taskId, GOAL_TIMEOUT);
    assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("COMPLETED");

    // What the roles recorded, through the API.
    JsonObject task = records(taskId);
    JsonArray changes = nodes(task.getJsonObject("codeChanges"));
    assertThat(changes.stream().map(c -> summary((JsonObject) c)).toList())
        .contains(
            "coder:src/stats.py:ADD",
            "tester:src/test_stats.py:ADD",
            "debugger:src/stats.py:MODIFY");
    JsonObject fix =
        changes.stream()
            .map(JsonObject.class::cast)
            .filter(c -> c.getString("role").equals("debugger"))
            .findFirst()
            .orElseThrow();
    assertThat(fix.getString("diff")).contains("+        return 0.0");
    assertThat(fix.getString("reasoning")).contains("divided by zero");
    assertThat(fix.getJsonObject("job").getString("kind")).isEqualTo("debugging");
    JsonArray runs = nodes(task.getJsonObject("testResults"));
    assertThat(runs.stream().map(r -> ((JsonObject) r).getBoolean("success")).toList())
        .containsExactly(false, true);
    assertThat(runs.getJsonObject(0).getInteger("failed")).isEqualTo(1);
    JsonArray checkpoints = nodes(task.getJsonObject("checkpoints"));
    assertThat(checkpoints).hasSize(1);
    JsonObject green = checkpoints.getJsonObject(0);
    assertThat(green.getString("createdBy")).isEqualTo("tester");
    assertThat(green.getString("name")).startsWith("iteration-");
    List<JsonObject> ledger = api.ledger(project);
    JsonObject greenEvent = atSeq(ledger, green.getLong("ledgerSeq"));
    assertThat(greenEvent.getString("type")).isEqualTo("CheckpointCreated");
    assertThat(greenEvent.getJsonObject("payload").getString("commit"))
        .isEqualTo(green.getString("commitId"));
    JsonArray goals =
        api.data(
                "{ goalRuns(projectId: \""
                    + project
                    + "\") { edges { node { state task { id } } } } }")
            .getJsonObject("goalRuns")
            .getJsonArray("edges");
    assertThat(goals).hasSize(1);
    assertThat(goals.getJsonObject(0).getJsonObject("node").getString("state"))
        .isEqualTo("COMPLETED");

    // A person breaks the code, and checkpoints the broken state through the API.
    Path workspace = dataDir.resolve("workspaces/goal/tasks").resolve(taskId);
    Files.writeString(workspace.resolve("src/stats.py"), PythonGoalScript.BUGGY);
    JsonObject checkpointJob =
        awaitJob(
            api.data(
                    "mutation { createCheckpoint(taskId: \""
                        + taskId
                        + "\", name: \"manual-edit\") { id kind } }")
                .getJsonObject("createCheckpoint")
                .getString("id"));
    assertThat(checkpointJob.getString("state"))
        .as(checkpointJob.encodePrettily())
        .isEqualTo("SUCCEEDED");
    JsonObject broken = checkpointJob.getJsonObject("result");
    assertThat(broken.getString("name")).isEqualTo("manual-edit");
    JsonObject brokenEvent = atSeq(api.ledger(project), broken.getLong("ledgerSeq"));
    assertThat(brokenEvent.getString("type")).isEqualTo("CheckpointCreated");
    assertThat(brokenEvent.getString("source")).isEqualTo("USER");
    assertThat(GoalLoopEndToEndTest.commitSummaries(workspace).get(0))
        .isEqualTo("Checkpoint manual-edit");

    // ... and rolls back to the tester's green checkpoint.
    JsonObject rollbackJob =
        awaitJob(
            api.data(
                    "mutation { rollbackToCheckpoint(checkpointId: \""
                        + green.getString("id")
                        + "\", reason: \"the manual edit broke mean()\") { id kind } }")
                .getJsonObject("rollbackToCheckpoint")
                .getString("id"));
    assertThat(rollbackJob.getString("state"))
        .as(rollbackJob.encodePrettily())
        .isEqualTo("SUCCEEDED");
    assertThat(Files.readString(workspace.resolve("src/stats.py"))).contains("return 0.0");
    List<String> commits = GoalLoopEndToEndTest.commitSummaries(workspace);
    assertThat(commits.get(0)).isEqualTo("Roll back to checkpoint " + green.getString("name"));
    assertThat(commits).contains("Checkpoint manual-edit"); // history is kept

    JsonObject rolledBack = GoalApi.ofType(api.ledger(project), "CheckpointRolledBack").get(0);
    JsonObject payload = rolledBack.getJsonObject("payload");
    assertThat(payload.getString("checkpointId")).isEqualTo(green.getString("id"));
    assertThat(payload.getLong("checkpointLedgerSeq")).isEqualTo(green.getLong("ledgerSeq"));
    assertThat(payload.getString("commit"))
        .isEqualTo(rollbackJob.getJsonObject("result").getString("commit"));
    assertThat(payload.getString("reason")).isEqualTo("the manual edit broke mean()");

    JsonArray after = nodes(records(taskId).getJsonObject("codeChanges"));
    JsonObject restore = after.getJsonObject(after.size() - 1);
    assertThat(summary(restore)).isEqualTo("user:src/stats.py:MODIFY");
    assertThat(restore.getString("commitId")).isEqualTo(payload.getString("commit"));
    assertThat(restore.getString("diff")).contains("+        return 0.0");
    assertThat(nodes(records(taskId).getJsonObject("checkpoints")))
        .extracting(c -> ((JsonObject) c).getString("name"))
        .containsExactly(green.getString("name"), "manual-edit");
  }

  private static JsonObject records(String taskId) throws Exception {
    return api.data(
            "{ task(id: \""
                + taskId
                + "\") { codeChanges(first: 100) { edges { node { path role changeType commitId diff"
                + " reasoning job { kind } } } } testResults { edges { node { passed failed success"
                + " coverage } } } checkpoints { edges { node { id name ledgerSeq commitId createdBy"
                + " } } } } }")
        .getJsonObject("task");
  }

  /** Polls a job until it ended; returns it with its result and last error. */
  private static JsonObject awaitJob(String jobId) throws Exception {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    JsonObject job;
    do {
      job =
          api.data("{ job(id: \"" + jobId + "\") { state result lastError { message } } }")
              .getJsonObject("job");
      if (JOB_ENDED.contains(job.getString("state"))) {
        return job;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("job still " + job.encodePrettily() + " after " + JOB_TIMEOUT);
  }

  private static JsonArray nodes(JsonObject connection) {
    JsonArray out = new JsonArray();
    connection.getJsonArray("edges").forEach(e -> out.add(((JsonObject) e).getJsonObject("node")));
    return out;
  }

  private static String summary(JsonObject change) {
    return change.getString("role")
        + ":"
        + change.getString("path")
        + ":"
        + change.getString("changeType");
  }

  private static JsonObject atSeq(List<JsonObject> ledger, long seq) {
    return ledger.stream().filter(e -> e.getLong("seq") == seq).findFirst().orElseThrow();
  }
}
