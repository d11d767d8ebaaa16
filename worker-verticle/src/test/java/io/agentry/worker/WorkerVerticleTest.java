package io.agentry.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.AgentStatus;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.agents.NewAgent;
import io.agentry.core.cluster.ClusterView;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.JobStores;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.ledger.PgTestFixture;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.testing.TestConfig;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real worker verticle, in-process, against the real database, with no director: jobs reach it
 * only through its own slow-path claims, which also proves that path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerVerticleTest {

  private final String role = TestDatabase.uniqueName("w");
  private Vertx vertx;
  private JobStore jobs;
  private AgentService agents;
  private PgTestFixture db;

  @BeforeAll
  void start() {
    db = PgTestFixture.start();
    vertx = Vertx.vertx();
    var config =
        TestConfig.load(
            Map.of(
                "AGENTRY_WORKER_POOLS", role + "=4",
                "AGENTRY_QUEUE_POLL_INTERVAL_MS", "100",
                "AGENTRY_QUEUE_HEARTBEAT_INTERVAL_MS", "200",
                "AGENTRY_QUEUE_RETRY_BASE_MS", "100",
                "AGENTRY_QUEUE_RETRY_JITTER", "0.0"));
    var identity =
        new NodeIdentity(
            "worker-test-" + UUID.randomUUID(),
            EnumSet.of(NodeRole.WORKER),
            "localhost",
            null,
            Instant.now());
    NodeServices node =
        NodeServicesFactory.create(
            vertx,
            config,
            identity,
            ClusterView.standalone(identity.id()),
            NodeMetrics.createRegistry());
    jobs = JobStores.create(node);
    agents = AgentService.create(node.pg(), LedgerStore.create(node.pg()), FlapPolicy.defaults());
    vertx.deployVerticle(new WorkerVerticle(node)).await();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
    db.close();
  }

  @Test
  void a_failing_job_is_retried_after_its_backoff_and_then_succeeds() throws Exception {
    long id =
        enqueue(NewJob.builder(role, "fail").payload(new JsonObject().put("failAttempts", 1)));

    Job done = await(id, j -> j.state().isTerminal() || j.state() == JobState.DEAD);

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.result().getInteger("succeededOnAttempt")).isEqualTo(2);
    assertThat(jobs.errors(id).await())
        .singleElement()
        .satisfies(e -> assertThat(e.failure().message()).contains("attempt 1"));
  }

  @Test
  void a_job_of_an_unknown_kind_goes_dead_without_retries() throws Exception {
    long id = enqueue(NewJob.builder(role, "no-such-kind"));

    Job dead = await(id, j -> j.state() == JobState.DEAD);

    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.lastError().nonRetryable()).isTrue();
    assertThat(dead.lastError().message()).contains("no handler for job kind 'no-such-kind'");
  }

  @Test
  void cancelling_a_running_job_stops_it_through_the_heartbeat() throws Exception {
    long id = enqueue(NewJob.builder(role, "sleep").payload(new JsonObject().put("ms", 30_000)));
    await(id, j -> j.state() == JobState.RUNNING);

    assertThat(jobs.cancel(id).await()).isTrue();

    Job cancelled = await(id, j -> j.state() == JobState.CANCELLED);
    assertThat(cancelled.finishedAt()).isNotNull();
  }

  @Test
  void an_agent_whose_jobs_keep_crashing_is_disabled_and_its_next_job_does_not_run()
      throws Exception {
    UUID tenant = db.newTenant();
    Agent agent = agents.create(NewAgent.of(tenant, "flaky", Set.of(AgentRole.CODER))).await();
    agents.start(agent.id()).await();
    JsonObject payload =
        new JsonObject().put("agentId", agent.id().toString()).put("message", "boom");

    for (int i = 0; i < FlapPolicy.defaults().maxCrashes(); i++) {
      long crash = enqueue(NewJob.builder(role, "fail").payload(payload).maxAttempts(1));
      await(crash, j -> j.state() == JobState.DEAD);
    }
    assertThat(agents.get(agent.id()).await().status()).isEqualTo(AgentStatus.DISABLED_FLAPPING);

    long next = enqueue(NewJob.builder(role, "noop").payload(payload));
    Job refused = await(next, j -> j.state() == JobState.DEAD);
    assertThat(refused.lastError().message()).contains("disabled_flapping");
    assertThat(refused.lastError().nonRetryable()).isTrue();
  }

  private long enqueue(NewJob.Builder job) {
    return jobs.enqueue(job.build()).await().jobId();
  }

  private Job await(long id, Predicate<Job> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Job job = jobs.find(id).await().orElseThrow();
    while (!condition.test(job)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " stuck: " + job);
      }
      Thread.sleep(50);
      job = jobs.find(id).await().orElseThrow();
    }
    return job;
  }
}
