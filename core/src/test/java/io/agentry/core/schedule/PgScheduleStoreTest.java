package io.agentry.core.schedule;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.agents.NewAgent;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.ledger.PgTestFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules against the real PostgreSQL. Claims are global (every due schedule in the database), so
 * each test looks only at its own tenant's fires and deletes the tenant afterwards. The clock is
 * passed in and lies before real time: these schedules are due for a real-clock director too, so
 * none may outlive its test.
 */
class PgScheduleStoreTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:07:00Z");

  private static PgTestFixture db;
  private static AgentService agents;
  private static ScheduleStore schedules;

  private UUID tenant;

  @BeforeAll
  static void start() {
    db = PgTestFixture.start();
    agents = AgentService.create(db.pool(), LedgerStore.create(db.pool()), FlapPolicy.defaults());
    schedules = ScheduleStore.create(db.pool());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void newTenant() {
    tenant = db.newTenant();
  }

  @AfterEach
  void deleteTenant() {
    db.deleteTenant(tenant);
  }

  @Test
  void a_new_schedule_is_due_at_the_first_cron_time_after_now() {
    Agent agent = runningAgent("nightly");

    Schedule s =
        schedules
            .create(
                NewSchedule.of(
                    agent.id(), "*/15 * * * *", null, "tester", "run-tests", payload("suite")),
                T0)
            .await();

    assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T10:15:00Z"));
    assertThat(s.enabled()).isTrue();
    assertThat(s.lastRunAt()).isNull();
    assertThat(s.timezone().getId()).isEqualTo("UTC");
    assertThat(s.jobRole()).isEqualTo("tester");
    assertThat(s.jobKind()).isEqualTo("run-tests");
    assertThat(s.jobPayload()).isEqualTo(payload("suite"));
    assertThat(schedules.get(s.id()).await()).isEqualTo(s);
    assertThat(schedules.listForAgent(agent.id()).await()).containsExactly(s);
  }

  @Test
  void the_cron_is_read_in_the_schedules_time_zone() {
    Agent agent = runningAgent("berlin");

    Schedule s =
        schedules
            .create(
                NewSchedule.of(agent.id(), "0 9 * * *", "Europe/Berlin", "coder", "k", null), T0)
            .await();

    assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-02T08:00:00Z"));
  }

  @Test
  void invalid_schedules_are_rejected_naming_the_field() {
    UUID agent = UUID.randomUUID();
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewSchedule.of(agent, "61 * * * *", null, "r", "k", null),
        "cron: cron '61 * * * *': minute field: value 61 is out of range 0-59");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewSchedule.of(agent, "* * * * *", "Mars/Olympus", "r", "k", null),
        "timezone");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewSchedule.of(agent, "* * * * *", null, " ", "k", null),
        "jobRole");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewSchedule.of(agent, "* * * * *", null, "r", null, null),
        "jobKind");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewSchedule.of(null, "* * * * *", null, "r", "k", null),
        "agentId");
    assertThatThrownBy(
            () ->
                schedules
                    .create(NewSchedule.of(agent, "* * * * *", null, "r", "k", null), T0)
                    .await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void a_due_schedule_fires_once_with_a_stable_key_and_moves_to_its_next_time() {
    Agent agent = runningAgent("ticker");
    Schedule s = create(agent, "*/15 * * * *");
    Instant fire = Instant.parse("2026-01-01T10:15:00Z");

    assertThat(ownFires(schedules.claimDue(fire.minusSeconds(1), 1000).await())).isEmpty();
    List<ScheduledFire> fires = ownFires(schedules.claimDue(fire, 1000).await());
    List<ScheduledFire> again = ownFires(schedules.claimDue(fire, 1000).await());

    assertThat(fires).hasSize(1);
    ScheduledFire f = fires.get(0);
    assertThat(f.fireAt()).isEqualTo(fire);
    assertThat(f.idempotencyKey()).isEqualTo("schedule:" + s.id() + ":" + fire.getEpochSecond());
    assertThat(f.schedule().nextRunAt()).isEqualTo(Instant.parse("2026-01-01T10:30:00Z"));
    assertThat(f.schedule().lastRunAt()).isEqualTo(fire);
    assertThat(f.schedule().jobKind()).isEqualTo("k");
    assertThat(again).isEmpty();
  }

  @Test
  void missed_fires_are_coalesced_into_one() {
    Agent agent = runningAgent("sleepy");
    create(agent, "*/15 * * * *");

    List<ScheduledFire> fires =
        ownFires(schedules.claimDue(Instant.parse("2026-01-01T12:02:00Z"), 1000).await());

    assertThat(fires).hasSize(1);
    assertThat(fires.get(0).fireAt()).isEqualTo(Instant.parse("2026-01-01T10:15:00Z"));
    assertThat(fires.get(0).schedule().nextRunAt())
        .isEqualTo(Instant.parse("2026-01-01T12:15:00Z"));
  }

  @Test
  void schedules_of_agents_that_are_not_running_advance_without_firing() {
    Agent agent = runningAgent("resting");
    Schedule s = create(agent, "*/15 * * * *");
    agents.pause(agent.id()).await();

    List<ScheduledFire> fires =
        ownFires(schedules.claimDue(Instant.parse("2026-01-01T10:20:00Z"), 1000).await());

    assertThat(fires).isEmpty();
    Schedule after = schedules.get(s.id()).await();
    assertThat(after.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T10:30:00Z"));
    assertThat(after.lastRunAt()).isNull();
  }

  @Test
  void a_disabled_schedule_does_not_fire_and_re_enabling_starts_from_now() {
    Agent agent = runningAgent("switch");
    Schedule s = create(agent, "*/15 * * * *");

    schedules.setEnabled(s.id(), false, T0).await();
    assertThat(ownFires(schedules.claimDue(Instant.parse("2026-01-01T11:00:00Z"), 1000).await()))
        .isEmpty();
    Schedule enabled =
        schedules.setEnabled(s.id(), true, Instant.parse("2026-01-01T11:05:00Z")).await();

    assertThat(enabled.enabled()).isTrue();
    assertThat(enabled.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T11:15:00Z"));
    schedules.delete(s.id()).await();
    assertThatThrownBy(() -> schedules.get(s.id()).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void a_claim_held_by_one_director_is_skipped_by_another_and_a_rollback_gives_the_fire_back() {
    Agent agent = runningAgent("contested");
    List<Schedule> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mine.add(create(agent, "*/15 * * * *"));
    }
    Instant now = Instant.parse("2026-01-01T10:15:00Z");
    SqlConnection first = db.pool().getConnection().await();
    try {
      Transaction tx = first.begin().await();
      List<ScheduledFire> held = ownFires(schedules.claimDue(first, now, 1000).await());

      List<ScheduledFire> other = ownFires(schedules.claimDue(now, 1000).await());

      assertThat(held).hasSize(3);
      assertThat(other).isEmpty(); // locked rows are skipped, not waited for
      tx.rollback().await(); // the first director died before enqueuing
    } finally {
      first.close().await();
    }
    List<ScheduledFire> retried = ownFires(schedules.claimDue(now, 1000).await());
    assertThat(retried).hasSize(3);
    assertThat(retried)
        .extracting(ScheduledFire::idempotencyKey)
        .containsExactlyInAnyOrderElementsOf(
            mine.stream().map(s -> ScheduledFire.keyFor(s, now)).toList());
  }

  @Test
  void directors_racing_for_many_due_schedules_get_each_fire_exactly_once() {
    Agent agent = runningAgent("crowd");
    Set<UUID> mine = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      mine.add(create(agent, "*/15 * * * *").id());
    }
    Instant now = Instant.parse("2026-01-01T10:15:00Z");
    List<Future<List<ScheduledFire>>> claims = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claims.add(schedules.claimDue(now, 5 + i)); // four directors at once, small batches
    }
    Future.all(claims).await();
    List<ScheduledFire> all = new ArrayList<>();
    claims.forEach(c -> all.addAll(ownFires(c.result())));
    all.addAll(ownFires(schedules.claimDue(now, 1000).await())); // whatever the four left

    assertThat(all).hasSize(20); // no fire handed out twice
    assertThat(all.stream().map(f -> f.schedule().id())).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(ownFires(schedules.claimDue(now, 1000).await())).isEmpty();
  }

  @Test
  void claim_limits_are_validated() {
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> schedules.claimDue(T0, 0).await(), "limit");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> schedules.claimDue(T0, 1001).await(), "limit");
  }

  private Agent runningAgent(String name) {
    Agent agent = agents.create(NewAgent.of(tenant, name, Set.of(AgentRole.TESTER))).await();
    return agents.start(agent.id()).await();
  }

  private static Schedule create(Agent agent, String cron) {
    return schedules
        .create(NewSchedule.of(agent.id(), cron, "UTC", "tester", "k", null), T0)
        .await();
  }

  /** Fires of this test's tenant only: other tests' leftovers may be due at the same time. */
  private List<ScheduledFire> ownFires(List<ScheduledFire> fires) {
    Set<UUID> own = new HashSet<>();
    for (Agent a : agents.list(tenant).await()) {
      own.add(a.id());
    }
    return fires.stream().filter(f -> own.contains(f.schedule().agentId())).toList();
  }

  private static JsonObject payload(String suite) {
    return new JsonObject().put("suite", suite);
  }
}
