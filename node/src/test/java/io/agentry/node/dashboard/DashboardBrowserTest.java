package io.agentry.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.jobs.RetryPolicy;
import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.testing.TestDatabase;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium against a real node with every role: the Playwright script
 * {@code api-verticle/src/main/web/e2e/dashboard.e2e.mjs} signs in, creates a project and an agent,
 * submits a goal, follows the board and the ledger live, survives a dropped WebSocket, answers two
 * approval requests and opens a ledger of 1,000 events. This test prepares what a browser cannot
 * make (the busy ledger, jobs that wait for a person), runs the script with the system {@code
 * node}, and checks the outcome in the database. Screenshots (1366×768 and 2560×1440) land in
 * {@code target/dashboard-screenshots/}, the script's output in {@code target/dashboard-e2e.log}.
 */
class DashboardBrowserTest {

  private static final Path WEB = Path.of("..", "api-verticle", "src", "main", "web");
  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final Path LOG = Path.of("target", "dashboard-e2e.log");
  private static final String CHROMIUM =
      System.getenv().getOrDefault("AGENTRY_CHROMIUM", "/usr/bin/chromium");
  private static final int BUSY_EVENTS = 1000;
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static final List<String> SCREENSHOT_NAMES =
      List.of(
          "01-signed-in",
          "02-agent-form",
          "03-agents",
          "04-board",
          "05-approvals",
          "06-jobs",
          "07-ledger-1000",
          "08-cluster");

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
    try (NodeProcess node = NodeProcess.start("dashboard", Map.of())) {
      node.awaitStarted(Duration.ofSeconds(90));
      GraphQLProbe probe = new GraphQLProbe(URI.create(node.httpBase()).getPort());

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

      UUID review = createProject(probe, "Release review");
      String role = TestDatabase.uniqueName("review"); // no worker serves it: nothing runs it
      List<Long> waiting = new ArrayList<>();
      waiting.add(awaitingApproval(jobs, role, review, "git_push", "HIGH", "branch", "main"));
      waiting.add(awaitingApproval(jobs, role, review, "run_command", "MEDIUM", "command", "make"));

      Result run =
          script(
              Map.of(
                  "AGENTRY_URL", node.httpBase(),
                  "AGENTRY_KEY", GraphQLProbe.adminTokenForTests(),
                  "AGENTRY_BUSY_PROJECT", busy.toString(),
                  "AGENTRY_REVIEW_PROJECT", review.toString()));
      System.out.println("dashboard e2e: " + run.result().encodePrettily());
      assertThat(run.exit()).as(run.output()).isZero();
      JsonObject result = run.result();
      assertThat(result.getBoolean("ok")).as(run.output()).isTrue();

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
