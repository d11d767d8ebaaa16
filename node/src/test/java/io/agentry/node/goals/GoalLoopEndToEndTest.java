package io.agentry.node.goals;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.agentry.core.persistence.PgPools;
import io.agentry.core.testing.ScriptedModelServer;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.core.testing.TestConfig;
import io.agentry.node.testing.GoalHygiene;
import io.agentry.node.testing.NodeProcess;
import io.agentry.node.testing.SubscriptionProbe;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The continuous loop end to end, through the GraphQL API of a real node (all roles, one JVM) with
 * real PostgreSQL, Redis, Chroma and bubblewrap; only the model is scripted. The tests share the
 * node and run in order: the second project learns from the first one's fix.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoalLoopEndToEndTest {

  private static final Duration GOAL_TIMEOUT = Duration.ofSeconds(120);

  @TempDir static Path dataDir;

  private static Vertx vertx;
  private static ScriptedModelServer model;
  private static NodeProcess node;
  private static GoalApi api;

  @BeforeAll
  static void startNode() throws Exception {
    GoalHygiene.cancelUnfinishedGoalJobs();
    vertx = Vertx.vertx();
    model = ScriptedModelServer.start(vertx).await();
    node = NodeProcess.start("goals", nodeEnvironment(model, dataDir));
    node.awaitStarted(Duration.ofSeconds(60));
    api = new GoalApi(URI.create(node.httpBase()).getPort());
  }

  /** A node whose only model is the scripted one, with its own data directory. */
  static Map<String, String> nodeEnvironment(ScriptedModelServer model, Path dataDir)
      throws java.io.IOException {
    // The sandbox runs commands as an unprivileged uid, which must be able to reach the workspace.
    Files.setPosixFilePermissions(
        dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of(
        "AGENTRY_NODE_DATA_DIR", dataDir.toString(),
        "AGENTRY_MODELS_PROVIDERS", "scripted=" + model.baseUrl(),
        "AGENTRY_MODELS_API_KEY_ENV", "",
        "AGENTRY_MODELS_ROUTES", "*:1-10=scripted/scripted-model",
        "AGENTRY_MODELS_CACHE_ENABLED", "false",
        "AGENTRY_MODELS_MAX_ATTEMPTS", "1");
  }

  @AfterEach
  void clearScript() {
    model.clearScript();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    vertx.close().await();
  }

  @Test
  @Order(1)
  void aPythonGoalIsPlannedCodedTestedFixedReviewedAndCompleted() throws Exception {
    model.enqueue(PythonGoalScript.wholeRun());
    String project = api.createProject("stats");
    try (SubscriptionProbe stream =
        SubscriptionProbe.subscribe(
            URI.create(node.httpBase()).getPort(),
            "subscription { ledgerEvents(projectId: \"" + project + "\") { seq type } }")) {

      String taskId = api.submitGoal(project, PythonGoalScript.GOAL, null);
      JsonObject task = api.awaitFinished(taskId, GOAL_TIMEOUT);

      assertThat(task.getString("status")).as(task.encodePrettily()).isEqualTo("COMPLETED");
      JsonObject run = task.getJsonObject("goalRun");
      assertThat(run.getString("state")).isEqualTo("COMPLETED");
      assertThat(run.getInteger("debugRounds")).isEqualTo(1);
      assertThat(model.remainingTurns()).isZero();

      List<JsonObject> ledger = api.ledger(project);
      assertThat(GoalApi.types(ledger))
          .containsSubsequence(
              "GoalSubmitted",
              "PlanProposed",
              "CodeChanged",
              "TestsRun",
              "KnowledgeRetrieved",
              "CodeChanged",
              "TestsRun",
              "FixOutcomeRecorded",
              "ReviewSubmitted",
              "GatesEvaluated",
              "GoalCompleted");
      List<JsonObject> testRuns = GoalApi.ofType(ledger, "TestsRun");
      assertThat(testRuns)
          .extracting(e -> e.getJsonObject("payload").getBoolean("success"))
          .containsExactly(false, true);
      assertThat(testRuns.get(0).getJsonObject("payload").getInteger("failed")).isEqualTo(1);
      assertEveryObservationAnswersItsAction(ledger);

      // The git history tells the same story: coder, tester, debugger commits with reasoning.
      List<String> commits = commitSummaries(taskId);
      assertThat(commits)
          .anyMatch(c -> c.startsWith("coder: Implemented mean()"))
          .anyMatch(c -> c.startsWith("tester: Tests for mean()"))
          .anyMatch(c -> c.startsWith("debugger: mean() divided by zero"));
      Path workspace = workspace(taskId);
      assertThat(Files.readString(workspace.resolve("src/stats.py"))).contains("return 0.0");

      // And so does the subscription stream: the same events, in the same order.
      awaitCount(stream, ledger.size());
      assertThat(
              stream.received().stream()
                  .map(d -> d.getJsonObject("ledgerEvents").getInteger("seq")))
          .containsExactlyElementsOf(ledger.stream().map(e -> e.getInteger("seq")).toList());
    }
  }

  @Test
  @Order(2)
  void aSecondProjectWithTheSameErrorGetsTheKnownFix() throws Exception {
    model.enqueue(PythonGoalScript.wholeRun());
    String project = api.createProject("stats-again");

    String taskId = api.submitGoal(project, PythonGoalScript.GOAL, null);
    JsonObject task = api.awaitFinished(taskId, GOAL_TIMEOUT);

    assertThat(task.getString("status")).as(task.encodePrettily()).isEqualTo("COMPLETED");
    List<JsonObject> ledger = api.ledger(project);
    JsonObject retrieved =
        GoalApi.ofType(ledger, "KnowledgeRetrieved").get(0).getJsonObject("payload");
    JsonObject suggestion = retrieved.getJsonObject("suggestion");
    assertThat(suggestion).as("the error graph's known fix").isNotNull();
    assertThat(suggestion.getString("description")).contains("divided by zero");
    // One success so far: the learning engine's (s+1)/(n+2) · n/(n+1) = 1/3.
    assertThat(suggestion.getDouble("confidence")).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(retrieved.getJsonArray("memoryHits"))
        .as("similar solutions from vector memory")
        .isNotEmpty();

    // The debugger's prompt carried the fix ...
    String debuggerPrompt = debuggerRequest().encode();
    assertThat(debuggerPrompt)
        .contains("Known fix from the error knowledge graph")
        .contains("return 0.0");
    // ... and applying it counted for the known solution.
    JsonObject outcome =
        GoalApi.ofType(ledger, "FixOutcomeRecorded").get(0).getJsonObject("payload");
    assertThat(outcome.getBoolean("usedSuggestion")).isTrue();
    assertThat(outcome.getString("solutionId")).isEqualTo(suggestion.getString("solutionId"));
    assertThat(outcome.getLong("successCount")).isEqualTo(2);
  }

  @Test
  @Order(3)
  void aLoopingAgentIsDetectedAndTheGoalStopsWithTheReason() throws Exception {
    String sameRead = PythonGoalScript.args("path", "src");
    model.enqueue(PythonGoalScript.plan());
    for (int i = 0; i < 4; i++) {
      model.enqueue(ScriptedTurn.toolCalls(call("loop-" + i, "list_files", sameRead)));
    }
    String project = api.createProject("loops");

    String taskId =
        api.submitGoal(project, PythonGoalScript.GOAL, new JsonObject().put("onStuck", "STOP"));
    JsonObject task = api.awaitFinished(taskId, GOAL_TIMEOUT);

    assertThat(task.getString("status")).isEqualTo("FAILED");
    JsonObject run = task.getJsonObject("goalRun");
    assertThat(run.getString("state")).isEqualTo("STOPPED");
    assertThat(run.getString("stopReason")).startsWith("coding stopped (STUCK)");
    List<JsonObject> ledger = api.ledger(project);
    assertThat(GoalApi.types(ledger)).contains("StuckDetected", "GoalStopped");
    assertThat(GoalApi.ofType(ledger, "ToolCalled")).hasSize(4);
  }

  @Test
  @Order(4)
  void aStuckRoleAsksAPersonAndFollowsTheGuidance() throws Exception {
    String sameList = PythonGoalScript.args("path", "src");
    model.enqueue(PythonGoalScript.plan());
    for (int i = 0; i < 4; i++) {
      model.enqueue(ScriptedTurn.toolCalls(call("circle-" + i, "list_files", sameList)));
    }
    model.enqueue(
        ScriptedTurn.toolCalls(
            call(
                "guided-1",
                "write_file",
                PythonGoalScript.args("path", "src/stats.py", "content", PythonGoalScript.FIXED))),
        ScriptedTurn.text("Wrote mean() as the person suggested"));
    model.enqueue(PythonGoalScript.tester().toArray(ScriptedTurn[]::new));
    model.enqueue(PythonGoalScript.approve());
    String project = api.createProject("ask-human");

    String taskId =
        api.submitGoal(
            project, PythonGoalScript.GOAL, new JsonObject().put("onStuck", "ASK_HUMAN"));
    String jobId = api.awaitJobAwaitingApproval(project, GOAL_TIMEOUT);
    api.data(
        "mutation { approveStep(jobId: \""
            + jobId
            + "\", approved: true, feedback: \"stop listing; write src/stats.py\") { id } }");
    JsonObject task = api.awaitFinished(taskId, GOAL_TIMEOUT);

    assertThat(task.getString("status")).as(task.encodePrettily()).isEqualTo("COMPLETED");
    List<JsonObject> ledger = api.ledger(project);
    assertThat(GoalApi.types(ledger))
        .containsSubsequence("StuckDetected", "GuidanceGiven", "CodeChanged", "GoalCompleted");
    assertThat(
            GoalApi.ofType(ledger, "GuidanceGiven")
                .get(0)
                .getJsonObject("payload")
                .getString("feedback"))
        .isEqualTo("stop listing; write src/stats.py");
    assertThat(model.remainingTurns()).isZero();
  }

  @Test
  @Order(5)
  void aGoalWithABudgetStopsAtItsCap() throws Exception {
    model.enqueue(PythonGoalScript.plan().withUsage(1_000, 500));
    model.enqueue(PythonGoalScript.coder().toArray(ScriptedTurn[]::new));
    String project = api.createProject("budget");
    long cap = 5_000;
    setProjectTokenCap(project, cap);
    int asked = model.requests().size();

    String taskId = api.submitGoal(project, PythonGoalScript.GOAL, null);
    JsonObject task = api.awaitFinished(taskId, GOAL_TIMEOUT);

    JsonObject run = task.getJsonObject("goalRun");
    assertThat(run.getString("state")).as(task.encodePrettily()).isEqualTo("STOPPED");
    assertThat(run.getString("stopReason")).startsWith("budget exhausted in coding");
    // The plan's call was answered; the coder's first call did not fit and was never sent.
    assertThat(model.requests()).hasSize(asked + 1);
    assertThat(spentTokens(project)).isEqualTo(1_500).isLessThanOrEqualTo(cap);
  }

  private static void setProjectTokenCap(String project, long cap) {
    Pool pool = PgPools.create(vertx, TestConfig.load().postgres());
    try {
      pool.preparedQuery(
              "INSERT INTO budgets (scope, scope_id, token_cap) VALUES ('project', $1, $2)")
          .execute(Tuple.of(UUID.fromString(project), cap))
          .await();
    } finally {
      pool.close().await();
    }
  }

  private static long spentTokens(String project) {
    Pool pool = PgPools.create(vertx, TestConfig.load().postgres());
    try {
      return pool.preparedQuery(
              "SELECT spent_tokens FROM budgets WHERE scope = 'project' AND scope_id = $1")
          .execute(Tuple.of(UUID.fromString(project)))
          .await()
          .iterator()
          .next()
          .getLong(0);
    } finally {
      pool.close().await();
    }
  }

  private static JsonObject debuggerRequest() {
    return model.requests().stream()
        .filter(r -> r.encode().contains("You are the debugger"))
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  /**
   * Every ToolObserved names, as its cause, the ToolCalled it answers, and each is answered once.
   */
  static void assertEveryObservationAnswersItsAction(List<JsonObject> ledger) {
    List<Long> actions =
        GoalApi.ofType(ledger, "ToolCalled").stream().map(e -> e.getLong("seq")).toList();
    List<Long> causes =
        GoalApi.ofType(ledger, "ToolObserved").stream().map(e -> e.getLong("causeSeq")).toList();
    assertThat(causes).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(actions);
  }

  private static Path workspace(String taskId) {
    return dataDir.resolve("workspaces").resolve("goal").resolve("tasks").resolve(taskId);
  }

  static List<String> commitSummaries(Path workspace) throws Exception {
    try (Git git = Git.open(workspace.toFile())) {
      Iterable<RevCommit> log = git.log().call();
      return StreamSupport.stream(log.spliterator(), false)
          .map(RevCommit::getShortMessage)
          .toList();
    }
  }

  private static List<String> commitSummaries(String taskId) throws Exception {
    return commitSummaries(workspace(taskId));
  }

  private static void awaitCount(SubscriptionProbe stream, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (stream.received().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(new ArrayList<>(stream.received())).hasSize(count);
  }
}
