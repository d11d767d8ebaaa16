package io.agentry.director;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.agents.NewAgent;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.RetryPolicy;
import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.ledger.PgTestFixture;
import io.agentry.core.schedule.NewSchedule;
import io.agentry.core.schedule.Schedule;
import io.agentry.core.schedule.ScheduleStore;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cron schedules become jobs exactly once per fire, against the real database. */
class SchedulePassTest {

  private PgTestFixture db;
  private ScheduleStore schedules;
  private JobStore jobs;
  private SchedulePass pass;
  private UUID tenant;

  @BeforeEach
  void open() {
    db = PgTestFixture.start();
    schedules = ScheduleStore.create(db.pool());
    jobs =
        PgJobStore.create(
            db.pool(), RetryPolicy.exponential(Duration.ofSeconds(1), 2, Duration.ofSeconds(10)));
    pass = new SchedulePass(db.pool(), schedules, jobs);
    tenant = db.newTenant();
  }

  @AfterEach
  void close() {
    db.deleteTenant(tenant);
    db.close();
  }

  @Test
  void a_due_schedule_enqueues_one_job_per_fire_and_never_twice() {
    AgentService agents =
        AgentService.create(db.pool(), LedgerStore.create(db.pool()), FlapPolicy.defaults());
    Agent agent = agents.create(NewAgent.of(tenant, "nightly", Set.of(AgentRole.TESTER))).await();
    agents.start(agent.id()).await(); // only running agents' schedules fire
    String role = TestDatabase.uniqueName("s");
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    Schedule schedule =
        schedules
            .create(
                NewSchedule.of(
                    agent.id(),
                    "0 3 * * *",
                    "UTC",
                    role,
                    "noop",
                    new JsonObject().put("suite", "all")),
                created)
            .await();
    Instant firstFire = Instant.parse("2026-01-01T03:00:00Z");

    assertThat(pass.run(firstFire.minusSeconds(1)).await()).as("not yet due").isZero();
    assertThat(pass.run(firstFire.plusSeconds(5)).await()).isEqualTo(1);
    assertThat(pass.run(firstFire.plusSeconds(6)).await()).as("the same fire again").isZero();

    var rows =
        db.pool()
            .preparedQuery("SELECT id FROM jobs WHERE role = $1")
            .execute(Tuple.of(role))
            .await();
    assertThat(rows.rowCount()).isEqualTo(1);
    Job job = jobs.find(rows.iterator().next().getLong("id")).await().orElseThrow();
    assertThat(job.kind()).isEqualTo("noop");
    assertThat(job.idempotencyKey())
        .isEqualTo("schedule:" + schedule.id() + ":" + firstFire.getEpochSecond());
    assertThat(job.payload().getString("agentId")).isEqualTo(agent.id().toString());
    assertThat(job.payload().getString("suite")).isEqualTo("all");
    assertThat(job.payload().getString("scheduledFor")).isEqualTo(firstFire.toString());
  }
}
