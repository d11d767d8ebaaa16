package io.agentry.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.auth.Role;
import io.agentry.core.persistence.PgPools;
import io.agentry.core.testing.TestConfig;
import io.agentry.node.cli.ApiClient;
import io.agentry.node.testing.CliProcess;
import io.agentry.node.testing.DroppingProxy;
import io.agentry.node.testing.GoalHygiene;
import io.agentry.node.testing.GraphQLProbe;
import io.agentry.node.testing.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agentry start --demo} on a real node (all roles, real PostgreSQL, Redis, Chroma and
 * bubblewrap) with no model server anywhere: the recorded run carries the sample goal to the end.
 * Then the command-line client, in its own JVM, against the same node: following the demo goal,
 * submitting and following another through a connection that drops, a cancelled goal, a refused
 * key. The lenient replay answers all of these goals, one after another and at the same time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoModeTest {

  private static final Duration GOAL_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern TASK_LINE = Pattern.compile("^\\s+task\\s+([0-9a-f-]{36})$");
  private static final Pattern SUBMITTED =
      Pattern.compile("submitted goal as task ([0-9a-f-]{36})");
  private static final Pattern STEP = Pattern.compile("^#(\\d+)\\s");
  private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "CANCELLED");

  @TempDir static Path dataDir;

  private static NodeProcess node;
  private static String base;
  private static String demoTask;
  private static String demoTenantKey;

  @BeforeAll
  static void startDemoNode() throws Exception {
    GoalHygiene.cancelUnfinishedGoalJobs();
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    // Nothing about models: --demo alone must be enough.
    node = NodeProcess.start("demo", Map.of("AGENTRY_NODE_DATA_DIR", dataDir.toString()), "--demo");
    node.awaitStarted(Duration.ofSeconds(60));
    base = node.httpBase();
    demoTask = awaitDemoTask();
    demoTenantKey = keyInTenant(DemoGoal.TENANT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void theDemoGoalRunsToCompletionOnTheRecordingWithoutAnyModel() throws Exception {
    ApiClient api = new ApiClient(URI.create(base), demoTenantKey);

    JsonObject task = awaitFinished(api, demoTask);

    assertThat(task.getString("status")).as(task.encodePrettily()).isEqualTo("COMPLETED");
    assertThat(task.getJsonObject("goalRun").getString("state")).isEqualTo("COMPLETED");
    assertThat(task.getJsonObject("goalRun").getInteger("debugRounds")).isEqualTo(1);
    assertThat(task.getJsonObject("project").getString("name")).isEqualTo(DemoGoal.PROJECT);
    List<JsonObject> turns =
        ledger(api, task.getJsonObject("project").getString("id")).stream()
            .filter(e -> "ModelTurn".equals(e.getString("type")))
            .filter(e -> demoTask.equals(e.getJsonObject("payload").getString("taskId")))
            .toList();
    assertThat(turns)
        .hasSize(8)
        .allSatisfy(
            t ->
                assertThat(t.getJsonObject("payload").getString("model"))
                    .isEqualTo("replay/python-stats"));
    assertThat(node.output())
        .contains("model provider 'replay' replays classpath:demo/python-stats.json (8 turns)")
        .contains("follow     bin/agentry follow " + demoTask)
        .contains("dashboard  " + base + "/");
  }

  @Test
  @Order(2)
  void theClientFollowsTheDemoGoalAndEndsWithItsResult() throws Exception {
    try (CliProcess cli =
        CliProcess.start(
            Map.of("AGENTRY_API_KEY", demoTenantKey),
            "follow",
            demoTask,
            "--plain",
            "--url",
            base)) {
      int status = cli.awaitExit(GOAL_TIMEOUT);

      assertThat(status).as(cli.output()).isZero();
      assertThat(cli.output())
          .contains("following task " + demoTask + " in project demo")
          .contains("goal submitted: " + DemoGoal.GOAL)
          .contains("plan: One module, tested with pytest - 1 task(s): stats module")
          .contains("coder     write_file src/stats.py")
          .contains("tests FAILED: 1 passed, 1 failed, 0 errors")
          .contains("tests PASSED: 2 passed, 0 failed, 0 errors")
          .contains("review: approved - Meets the goal")
          .contains("COMPLETED: all quality gates passed")
          .contains("iterations  1 (1 debug round(s), 0 replan(s)), run COMPLETED")
          .contains("gates       ok tests (2 passed, 0 failed, 0 errors), ok architect approval");
      assertIncreasingSteps(cli.lines());
    }
  }

  @Test
  @Order(3)
  void theClientSubmitsAndFollowsAGoalThroughADroppedConnection() throws Exception {
    String admin = GraphQLProbe.adminTokenForTests();
    String project = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    try (DroppingProxy proxy = DroppingProxy.to(URI.create(base).getPort());
        CliProcess cli =
            CliProcess.start(
                Map.of("AGENTRY_API_KEY", admin),
                "submit",
                DemoGoal.GOAL,
                "--project",
                project,
                "--follow",
                "--plain",
                "--url",
                "http://127.0.0.1:" + proxy.port())) {
      cli.awaitLine(line -> line.contains("-> coding"), GOAL_TIMEOUT);
      proxy.dropAll();

      int status = cli.awaitExit(GOAL_TIMEOUT);

      assertThat(status).as(cli.output()).isZero();
      assertThat(cli.output())
          .contains("connection: connection lost")
          .contains("connection: reconnected, resuming after ledger seq")
          .contains("COMPLETED: all quality gates passed");
      assertThat(proxy.accepted()).as("connections through the proxy").isGreaterThan(2);
      // Every event of the goal (its task's and subtasks') from its submission on, each once, in
      // order, across the drop.
      Matcher submitted = SUBMITTED.matcher(cli.output());
      assertThat(submitted.find()).isTrue();
      ApiClient api = new ApiClient(URI.create(base), admin);
      JsonObject task = api.task(submitted.group(1));
      List<JsonObject> ledger = ledger(api, task.getJsonObject("project").getString("id"));
      long goalSubmitted =
          ledger.stream()
              .filter(e -> "GoalSubmitted".equals(e.getString("type")))
              .findFirst()
              .orElseThrow()
              .getLong("seq");
      String taskId = task.getString("id");
      assertThat(steps(cli.lines()))
          .containsExactlyElementsOf(
              ledger.stream()
                  .filter(e -> e.getLong("seq") >= goalSubmitted)
                  .filter(
                      e ->
                          taskId.equals(e.getJsonObject("payload").getString("taskId"))
                              || taskId.equals(
                                  e.getJsonObject("payload").getString("parentTaskId")))
                  .map(e -> e.getLong("seq"))
                  .toList());
    }
  }

  @Test
  @Order(4)
  void aCancelledGoalEndsTheClientWithStatusOne() throws Exception {
    String admin = GraphQLProbe.adminTokenForTests();
    Map<String, String> env = Map.of("AGENTRY_API_KEY", admin);
    String taskId;
    try (CliProcess submit =
        CliProcess.start(env, "submit", DemoGoal.GOAL, "--project", "cli-cancel", "--url", base)) {
      assertThat(submit.awaitExit(Duration.ofSeconds(60))).as(submit.output()).isZero();
      Matcher submitted = SUBMITTED.matcher(submit.output());
      assertThat(submitted.find()).as(submit.output()).isTrue();
      taskId = submitted.group(1);
      assertThat(submit.output()).contains("follow it: bin/agentry follow " + taskId);
    }
    new ApiClient(URI.create(base), admin)
        .query(
            "mutation($id: ID!) { cancelTask(id: $id, reason: \"changed my mind\") { status } }",
            new JsonObject().put("id", taskId));

    try (CliProcess follow = CliProcess.start(env, "follow", taskId, "--plain", "--url", base)) {
      assertThat(follow.awaitExit(GOAL_TIMEOUT)).as(follow.output()).isEqualTo(1);
      assertThat(follow.output()).contains("CANCELLED: ").contains("run CANCELLED");
    }
  }

  @Test
  @Order(5)
  void aRefusedOrMissingKeyEndsTheClientWithAClearMessage(@TempDir Path empty) throws Exception {
    try (CliProcess refused =
        CliProcess.start(
            Map.of("AGENTRY_API_KEY", "agk_not-a-key"), "submit", "a goal", "--url", base)) {
      assertThat(refused.awaitExit(Duration.ofSeconds(60))).as(refused.output()).isEqualTo(3);
      assertThat(refused.output())
          .contains("agentry: UNAUTHENTICATED: the node refused the API key");
    }
    try (CliProcess missing =
        CliProcess.start(
            Map.of("AGENTRY_NODE_DATA_DIR", empty.toString()), "follow", demoTask, "--url", base)) {
      assertThat(missing.awaitExit(Duration.ofSeconds(60))).as(missing.output()).isEqualTo(2);
      assertThat(missing.output())
          .contains(
              "agentry: no API key: set AGENTRY_API_KEY or pass --key; " + empty + "/admin.key");
    }
  }

  private static String awaitDemoTask() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : node.output().split("\n")) {
        Matcher task = TASK_LINE.matcher(line);
        if (task.matches()) {
          return task.group(1);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the demo goal was not submitted:\n" + node.output());
  }

  /** A key of the bootstrap tenant, where the demo's project lives. */
  private static String keyInTenant(String name) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgPools.create(vertx, TestConfig.load().postgres());
      UUID tenant =
          pool.preparedQuery("SELECT id FROM tenants WHERE name = $1")
              .execute(Tuple.of(name))
              .await()
              .iterator()
              .next()
              .getUUID("id");
      return ApiKeyStore.create(pool).create(tenant, "demo test", Role.USER).await().token();
    } finally {
      vertx.close().await();
    }
  }

  private static JsonObject awaitFinished(ApiClient api, String taskId) throws Exception {
    long deadline = System.nanoTime() + GOAL_TIMEOUT.toNanos();
    JsonObject task;
    do {
      task = api.task(taskId);
      if (FINISHED.contains(task.getString("status"))) {
        return task;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("task still " + task.encodePrettily());
  }

  private static List<JsonObject> ledger(ApiClient api, String projectId) throws Exception {
    List<JsonObject> events = new ArrayList<>();
    String after = null;
    while (true) {
      JsonObject page =
          api.query(
                  "query($p: ID!, $after: String) { ledger(projectId: $p, first: 100, after: $after)"
                      + " { edges { cursor node { seq type payload } } pageInfo { hasNextPage } } }",
                  new JsonObject().put("p", projectId).put("after", after))
              .getJsonObject("ledger");
      JsonArray edges = page.getJsonArray("edges");
      for (int i = 0; i < edges.size(); i++) {
        events.add(edges.getJsonObject(i).getJsonObject("node"));
        after = edges.getJsonObject(i).getString("cursor");
      }
      if (!page.getJsonObject("pageInfo").getBoolean("hasNextPage")) {
        return events;
      }
    }
  }

  private static List<Long> steps(List<String> lines) {
    List<Long> seqs = new ArrayList<>();
    for (String line : lines) {
      Matcher step = STEP.matcher(line);
      if (step.find()) {
        seqs.add(Long.parseLong(step.group(1)));
      }
    }
    return seqs;
  }

  private static void assertIncreasingSteps(List<String> lines) {
    List<Long> seqs = steps(lines);
    assertThat(seqs).isNotEmpty().isSorted().doesNotHaveDuplicates();
  }
}
