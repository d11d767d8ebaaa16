package io.agentry.node.dashboard;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.jobs.RetryPolicy;
import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.knowledge.ErrorGraph;
import io.agentry.core.knowledge.ErrorNode;
import io.agentry.core.knowledge.PatternKind;
import io.agentry.core.knowledge.Solution;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.testing.ScriptedModelServer;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.core.testing.TestDatabase;
import io.agentry.node.goals.PythonGoalScript;
import io.agentry.node.testing.GoalHygiene;
import io.agentry.node.testing.GraphQLProbe;
import io.agentry.node.testing.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium against a real node with every role, whose only model is a
 * {@link ScriptedModelServer} in this JVM: the Playwright script {@code
 * api-verticle/src/main/web/e2e/dashboard.e2e.mjs} signs in, creates a project and an agent,
 * submits the Python goal of {@link PythonGoalScript} (asking a person when stuck), watches the
 * activity feed live while the coder circles, approves the stuck step with guidance, sees streamed
 * tokens join up and the task complete, opens the task's page, sets a budget, follows the ledger
 * live, survives a dropped WebSocket, answers two more approval requests and opens a ledger of
 * 1,000 events. This test prepares what a browser cannot make (the scripted model, the busy ledger,
 * jobs that wait for a person), runs the script with the system {@code node}, and checks the
 * outcome in the database. Screenshots (1366×768 and 2560×1440) land in {@code
 * target/dashboard-screenshots/}, the script's output in {@code target/dashboard-e2e.log}.
 */
class DashboardBrowserTest {

  private static final Path WEB = Path.of("..", "api-verticle", "src", "main", "web");
  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final Path LOG = Path.of("target", "dashboard-e2e.log");
  private static final String CHROMIUM =
      System.getenv().getOrDefault("AGENTRY_CHROMIUM", "/usr/bin/chromium");
  private static final int BUSY_EVENTS = 1000;
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(6);
  private static final String GUIDANCE = "stop listing; write src/stats.py";
  private static final String GUIDED_TEXT = "Wrote mean() as the person suggested";
  private static final String TRACEBACK =
      """
      Traceback (most recent call last):
        File "/workspace/src/stats.py", line 2, in mean
          return sum(xs) / len(xs)
      ZeroDivisionError: division by zero
      """;
  private static final String EMPTY_GUARD =
      """
      --- a/src/stats.py
      +++ b/src/stats.py
      @@ -1,2 +1,4 @@
       def mean(xs):
      +    if not xs:
      +        return 0.0
           return sum(xs) / len(xs)
      """;
  private static final List<String> SCREENSHOT_NAMES =
      List.of(
          "01-signed-in",
          "02-agent-form",
          "03-agents",
          "04-board-goal-submitted",
          "05-activity-tool-calls",
          "06-approval-stuck",
          "07-activity-tokens",
          "08-board-completed",
          "09-task",
          "09-task-code",
          "09-task-checkpoints",
          "09-task-timeline",
          "10-costs",
          "11-board-other-client",
          "12-approvals",
          "13-jobs",
          "14-ledger-1000",
          "15-cluster",
          "16-error-graph",
          "17-memory",
          "18-shared-context");

  @TempDir static Path dataDir;

  @Test
  void the_dashboard_works_in_a_real_browser_against_a_real_node() throws Exception {
    assertThat(Path.of(CHROMIUM))
        .as("headless Chromium missing: infra/services.sh up installs Debian's chromium")
        .isExecutable();
    assertThat(WEB.resolve("node_modules").resolve("playwright-core"))
        .as("npm packages of the dashboard missing: the api-verticle build installs them (npm ci)")
        .isDirectory();

    Vertx vertx = Vertx.vertx();
    Pool pool = TestDatabase.pool(vertx);
    JobStore jobs =
        PgJobStore.create(
            pool, RetryPolicy.exponential(Duration.ofSeconds(1), 2, Duration.ofSeconds(10)));
    GoalHygiene.cancelUnfinishedGoalJobs();
    ScriptedModelServer model = ScriptedModelServer.start(vertx).await();
    model.enqueue(stuckCoderScript());
    try (NodeProcess node = NodeProcess.start("dashboard", nodeEnvironment(model))) {
      node.awaitStarted(Duration.ofSeconds(90));
      GraphQLProbe probe = new GraphQLProbe(URI.create(httpBase(node)).getPort());

      UUID busy = createProject(probe, "Busy project");
      LedgerStore ledger = LedgerStore.create(pool);
      for (int i = 1; i <= BUSY_EVENTS; i++) {
        ledger
            .append(
                busy,
                i % 3 == 0 ? Source.AGENT : Source.SYSTEM,
                null,
                i % 2 == 0 ? "Tick" : "Tock",
                new JsonObject().put("i", i).put("note", "event " + i + " of the busy project"))
            .await();
      }

      UUID tenant =
          UUID.fromString(
              probe
                  .query("{ viewer { tenant { id } } }")
                  .getJsonObject("data")
                  .getJsonObject("viewer")
                  .getJsonObject("tenant")
                  .getString("id"));
      seedErrorGraph(ErrorGraph.create(pool), tenant, busy);

      UUID review = createProject(probe, "Release review");
      String role = TestDatabase.uniqueName("review"); // no worker serves it: nothing runs it
      List<Long> waiting = new ArrayList<>();
      waiting.add(awaitingApproval(jobs, role, review, "git_push", "HIGH", "branch", "main"));
      waiting.add(awaitingApproval(jobs, role, review, "run_command", "MEDIUM", "command", "make"));

      Result run =
          script(
              Map.of(
                  "AGENTRY_URL",
                  httpBase(node),
                  "AGENTRY_KEY",
                  GraphQLProbe.adminTokenForTests(),
                  "AGENTRY_BUSY_PROJECT",
                  busy.toString(),
                  "AGENTRY_REVIEW_PROJECT",
                  review.toString(),
                  "AGENTRY_GOAL",
                  PythonGoalScript.GOAL,
                  "AGENTRY_GUIDANCE",
                  GUIDANCE,
                  "AGENTRY_GUIDED_TEXT",
                  GUIDED_TEXT,
                  "AGENTRY_ERROR_TEXT",
                  TRACEBACK,
                  "AGENTRY_STATS_PY",
                  PythonGoalScript.FIXED));
      System.out.println("dashboard e2e: " + run.result().encodePrettily());
      assertThat(run.exit()).as(run.output()).isZero();
      JsonObject result = run.result();
      assertThat(result.getBoolean("ok")).as(run.output()).isTrue();

      // The goal ran on the scripted model to the end, guided by what was typed in the browser.
      JsonObject goal = result.getJsonObject("goal");
      JsonObject task =
          probe
              .query(
                  "{ task(id: \""
                      + goal.getString("taskId")
                      + "\") { status goalRun { state policy } } }")
              .getJsonObject("data")
              .getJsonObject("task");
      assertThat(task.getString("status")).isEqualTo("COMPLETED");
      assertThat(task.getJsonObject("goalRun").getJsonObject("policy").getString("onStuck"))
          .isEqualTo("ASK_HUMAN");
      assertThat(model.remainingTurns()).as("every scripted turn was asked for").isZero();
      JsonObject guidance =
          ledger.since(UUID.fromString(goal.getString("projectId")), 0, 1000).await().stream()
              .filter(e -> e.type().equals("GuidanceGiven"))
              .findFirst()
              .orElseThrow()
              .payload();
      assertThat(guidance.getString("feedback")).isEqualTo(GUIDANCE);
      JsonObject activity = result.getJsonObject("activity");
      assertThat(activity.getInteger("toolCallsWhenOpened")).isLessThan(4);
      assertThat(activity.getInteger("toolCalls")).isEqualTo(4);
      JsonObject tokens = result.getJsonObject("tokens");
      assertThat(tokens.getString("text")).isEqualTo(GUIDED_TEXT);
      assertThat(tokens.getInteger("pieces")).isEqualTo((GUIDED_TEXT.length() + 3) / 4);
      assertThat(tokens.getString("taskStatusWhenSeen")).isNotEqualTo("COMPLETED");

      JsonObject reconnect = result.getJsonObject("reconnect");
      assertThat(reconnect.getInteger("missedWhileDown")).isPositive();
      assertThat(reconnect.getInteger("duplicates")).isZero();
      assertThat(reconnect.getInteger("gaps")).isZero();
      assertThat(reconnect.getInteger("count")).isEqualTo(reconnect.getInteger("lastSeq"));

      JsonObject busyLedger = result.getJsonObject("busyLedger");
      assertThat(busyLedger.getInteger("events")).isGreaterThanOrEqualTo(BUSY_EVENTS);
      assertThat(busyLedger.getInteger("renderedRows")).isLessThan(120);

      // The approvals reached the queue: approved is queued again with the verdict, rejected ends.
      JsonObject approvals = result.getJsonObject("approvals");
      Job approved = jobs.find(Long.parseLong(approvals.getString("approved"))).await().get();
      Job rejected = jobs.find(Long.parseLong(approvals.getString("rejected"))).await().get();
      assertThat(List.of(approved.id(), rejected.id()))
          .containsExactlyInAnyOrderElementsOf(waiting);
      assertThat(approved.state()).isEqualTo(JobState.QUEUED);
      JsonObject yes = approved.payload().getJsonObject("approval");
      assertThat(yes.getBoolean("approved")).isTrue();
      assertThat(yes.getString("feedback")).isEqualTo("ship it");
      assertThat(rejected.state()).isEqualTo(JobState.CANCELLED);
      JsonObject no = rejected.payload().getJsonObject("approval");
      assertThat(no.getBoolean("approved")).isFalse();
      assertThat(no.getString("feedback")).isEqualTo("not on a Friday");
      jobs.cancel(approved.id()).await();

      for (String name : SCREENSHOT_NAMES) {
        assertThat(SCREENSHOTS.resolve(name + "-laptop.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve(name + "-wide.png")).isNotEmptyFile();
      }
    } finally {
      vertx.close().await();
    }
  }

  /**
   * The script of GoalLoopEndToEndTest's stuck role: the architect plans, the coder lists the same
   * folder four times (stuck; the goal asks a person), then follows the guidance, the tester's
   * tests pass and the architect approves. Some turns answer only after a pause, so that a person
   * watching the page (the browser test) sees the work unfold: the plan comes after 2 s (time to
   * open the activity feed), each circle after 0.8 s, the guided write after 1 s (time to go from
   * the approval to the feed) and the review after 4 s (the goal still runs when the tokens of the
   * guided answer are on screen).
   */
  private static ScriptedTurn[] stuckCoderScript() {
    String sameList = PythonGoalScript.args("path", "src");
    List<ScriptedTurn> turns = new ArrayList<>();
    turns.add(PythonGoalScript.plan().after(Duration.ofSeconds(2)));
    for (int i = 0; i < 4; i++) {
      turns.add(
          ScriptedTurn.toolCalls(call("circle-" + i, "list_files", sameList))
              .after(Duration.ofMillis(800)));
    }
    turns.add(
        ScriptedTurn.toolCalls(
                call(
                    "guided-1",
                    "write_file",
                    PythonGoalScript.args(
                        "path", "src/stats.py", "content", PythonGoalScript.FIXED)))
            .after(Duration.ofSeconds(1)));
    turns.add(ScriptedTurn.text(GUIDED_TEXT));
    turns.addAll(PythonGoalScript.tester());
    turns.add(PythonGoalScript.approve().after(Duration.ofSeconds(4)));
    return turns.toArray(ScriptedTurn[]::new);
  }

  /**
   * What the tenant's agents would have learned about a division by zero (the browser's error graph
   * view reads it): a guard that worked three times and failed once, a try/except that failed twice
   * (an anti-pattern by then), and the pattern the guard is an instance of.
   */
  private static void seedErrorGraph(ErrorGraph graph, UUID tenant, UUID project) {
    ErrorNode error = graph.recordError(tenant, project, TRACEBACK).await();
    UUID errorId = error.id();
    Solution guard = null;
    for (boolean worked : List.of(true, true, false, true)) {
      guard =
          graph
              .recordAttempt(
                  tenant,
                  errorId,
                  "Return 0.0 for an empty list",
                  EMPTY_GUARD,
                  worked,
                  "debugger/e2e")
              .await();
    }
    for (int i = 0; i < 2; i++) {
      graph
          .recordAttempt(
              tenant, errorId, "Catch ZeroDivisionError and return None", "", false, "debugger/e2e")
          .await();
    }
    graph
        .recordPattern(
            tenant,
            errorId,
            guard.id(),
            PatternKind.PATTERN,
            "empty input",
            "Aggregates over an empty list divide by zero: guard the empty case first")
        .await();
  }

  /**
   * A node whose only model is the scripted one, with its own data directory (as in
   * GoalLoopEndToEndTest): the sandbox runs commands as an unprivileged uid, which must be able to
   * reach the workspace.
   */
  private static Map<String, String> nodeEnvironment(ScriptedModelServer model) throws IOException {
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of(
        "AGENTRY_NODE_DATA_DIR", dataDir.toString(),
        "AGENTRY_MODELS_PROVIDERS", "scripted=" + model.baseUrl(),
        "AGENTRY_MODELS_API_KEY_ENV", "",
        "AGENTRY_MODELS_ROUTES", "*:1-10=scripted/scripted-model",
        "AGENTRY_MODELS_CACHE_ENABLED", "false",
        "AGENTRY_MODELS_MAX_ATTEMPTS", "1");
  }

  /** The node prints its URLs just after the line awaitStarted waits for. */
  private static String httpBase(NodeProcess node) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (node.httpBase() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(node.httpBase()).as("the node's HTTP address").isNotNull();
    return node.httpBase();
  }

  private static UUID createProject(GraphQLProbe probe, String name) throws Exception {
    JsonObject response =
        probe.query("mutation { createProject(input: {name: \"" + name + "\"}) { id } }");
    return UUID.fromString(
        response.getJsonObject("data").getJsonObject("createProject").getString("id"));
  }

  /** A job parked for a person the way a worker parks one: claimed, started, then waiting. */
  private static long awaitingApproval(
      JobStore jobs,
      String role,
      UUID project,
      String tool,
      String risk,
      String arg,
      String value) {
    long id =
        jobs.enqueue(
                NewJob.builder(role, "release")
                    .project(project)
                    .payload(new JsonObject().put("step", "release"))
                    .build())
            .await()
            .jobId();
    Job claimed =
        jobs.claim(role, "dashboard-test", 1, Duration.ofSeconds(60)).await().stream()
            .filter(j -> j.id() == id)
            .findFirst()
            .orElseThrow();
    Job running = jobs.start(List.of(claimed.lease()), Duration.ofSeconds(60)).await().getFirst();
    JsonObject request =
        new JsonObject()
            .put("agent", "release-agent")
            .put("tool", tool)
            .put("risk", risk)
            .put("arguments", new JsonObject().put(arg, value));
    assertThat(jobs.awaitApproval(running.lease(), request).await()).isTrue();
    return id;
  }

  private record Result(int exit, String output, JsonObject result) {}

  private static Result script(Map<String, String> env) throws IOException, InterruptedException {
    Files.createDirectories(SCREENSHOTS);
    // The pictures of this run only: an earlier run's (or its failure's) would pass for this one's.
    try (var old = Files.newDirectoryStream(SCREENSHOTS, "*.png")) {
      for (Path picture : old) {
        Files.delete(picture);
      }
    }
    ProcessBuilder builder =
        new ProcessBuilder(List.of("node", "e2e/dashboard.e2e.mjs"))
            .directory(WEB.toFile())
            .redirectErrorStream(true)
            .redirectOutput(LOG.toFile());
    builder.environment().putAll(env);
    builder.environment().put("CHROMIUM", CHROMIUM);
    builder.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toAbsolutePath().toString());
    builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    Process process = builder.start();
    if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(LOG, StandardCharsets.UTF_8);
    JsonObject result =
        output
            .lines()
            .filter(line -> line.startsWith("RESULT "))
            .reduce((first, second) -> second)
            .map(line -> new JsonObject(line.substring("RESULT ".length())))
            .orElse(new JsonObject().put("ok", false).put("output", "no RESULT line"));
    return new Result(process.isAlive() ? -1 : process.exitValue(), output, result);
  }
}
