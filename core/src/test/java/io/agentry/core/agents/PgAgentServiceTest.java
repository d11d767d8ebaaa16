package io.agentry.core.agents;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.ledger.PgTestFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agent definitions, lifecycle, flap detection and assignment against the real PostgreSQL. */
class PgAgentServiceTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static PgTestFixture db;
  private static LedgerStore ledger;
  private static AgentService agents;

  @BeforeAll
  static void start() {
    db = PgTestFixture.start();
    ledger = LedgerStore.create(db.pool());
    agents = AgentService.create(db.pool(), ledger, FlapPolicy.defaults());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void lifecycle_happy_path_records_every_change_in_the_project_ledger() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    Agent agent =
        agents
            .create(NewAgent.of(tenant, "builder", Set.of(AgentRole.CODER)).withProject(project))
            .await();
    assertThat(agent.status()).isEqualTo(AgentStatus.CREATED);

    assertThat(agents.start(agent.id()).await().status()).isEqualTo(AgentStatus.RUNNING);
    assertThat(agents.pause(agent.id()).await().status()).isEqualTo(AgentStatus.PAUSED);
    assertThat(agents.resume(agent.id()).await().status()).isEqualTo(AgentStatus.RUNNING);
    assertThat(agents.stop(agent.id()).await().status()).isEqualTo(AgentStatus.STOPPED);
    assertThat(agents.start(agent.id()).await().status()).isEqualTo(AgentStatus.RUNNING);
    Agent deleted = agents.delete(agent.id()).await();

    assertThat(deleted.status()).isEqualTo(AgentStatus.DELETED);
    assertThat(deleted.deletedAt()).isNotNull();
    assertThat(agents.get(agent.id()).await().status()).isEqualTo(AgentStatus.DELETED);
    assertThat(agents.list(tenant).await()).isEmpty();
    List<LedgerEvent> events = ledger.since(project, 0, 100).await();
    assertThat(events)
        .extracting(LedgerEvent::type)
        .containsExactly(
            "AgentCreated",
            "AgentStarted",
            "AgentPaused",
            "AgentResumed",
            "AgentStopped",
            "AgentStarted",
            "AgentDeleted");
    assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo(Source.USER));
    assertThat(events)
        .allSatisfy(
            e -> assertThat(e.payload().getString("agentId")).isEqualTo(agent.id().toString()));
    assertThat(events.get(2).payload().getString("from")).isEqualTo("running");
    assertThat(events.get(2).payload().getString("to")).isEqualTo("paused");
  }

  @Test
  void illegal_transitions_are_rejected_with_illegal_state_and_change_nothing() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    Agent agent =
        agents
            .create(NewAgent.of(tenant, "strict", Set.of(AgentRole.TESTER)).withProject(project))
            .await();

    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.pause(agent.id()).await());
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.resume(agent.id()).await());
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.stop(agent.id()).await());
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.recordCrash(agent.id(), T0).await());
    agents.start(agent.id()).await();
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.start(agent.id()).await());
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.resume(agent.id()).await());
    agents.delete(agent.id()).await();
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.start(agent.id()).await());
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> agents.delete(agent.id()).await());
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE,
        () -> agents.update(agent.id(), AgentUpdate.none().withGoal("x")).await());

    assertThat(ledger.since(project, 0, 100).await())
        .extracting(LedgerEvent::type)
        .containsExactly("AgentCreated", "AgentStarted", "AgentDeleted");
  }

  @Test
  void three_crashes_within_sixty_seconds_disable_the_agent_as_flapping() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    Agent agent =
        running(NewAgent.of(tenant, "flaky", Set.of(AgentRole.CODER)).withProject(project));

    Agent first = agents.recordCrash(agent.id(), T0).await();
    Agent second = agents.recordCrash(agent.id(), T0.plusSeconds(20)).await();
    Agent third = agents.recordCrash(agent.id(), T0.plusSeconds(40)).await();

    assertThat(first.status()).isEqualTo(AgentStatus.RUNNING);
    assertThat(second.status()).isEqualTo(AgentStatus.RUNNING);
    assertThat(third.status()).isEqualTo(AgentStatus.DISABLED_FLAPPING);
    assertThat(third.restartCount()).isEqualTo(2);
    assertThat(third.recentCrashes()).containsExactly(T0, T0.plusSeconds(20), T0.plusSeconds(40));
    List<LedgerEvent> events = ledger.since(project, 2, 100).await(); // after created, started
    assertThat(events)
        .extracting(LedgerEvent::type)
        .containsExactly(
            "AgentCrashed",
            "AgentRestarted",
            "AgentCrashed",
            "AgentRestarted",
            "AgentCrashed",
            "AgentDisabledFlapping");
    assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo(Source.SYSTEM));
    LedgerEvent lastCrash = events.get(4);
    assertThat(events.get(5).causeSeq()).isEqualTo(lastCrash.seq());
    assertThat(lastCrash.payload().getInteger("crashesInWindow")).isEqualTo(3);
  }

  @Test
  void three_crashes_spread_over_more_than_sixty_seconds_keep_the_agent_running() {
    UUID tenant = db.newTenant();
    Agent agent = running(NewAgent.of(tenant, "resilient", Set.of(AgentRole.CODER)));

    agents.recordCrash(agent.id(), T0).await();
    agents.recordCrash(agent.id(), T0.plusSeconds(31)).await();
    Agent third = agents.recordCrash(agent.id(), T0.plusSeconds(62)).await();

    assertThat(third.status()).isEqualTo(AgentStatus.RUNNING);
    assertThat(third.restartCount()).isEqualTo(3);
    assertThat(third.recentCrashes()).containsExactly(T0.plusSeconds(31), T0.plusSeconds(62));
  }

  @Test
  void a_flapping_agent_started_again_by_a_person_starts_with_a_clean_crash_history() {
    UUID tenant = db.newTenant();
    Agent agent = running(NewAgent.of(tenant, "second-chance", Set.of(AgentRole.DEBUGGER)));
    for (int i = 0; i < 3; i++) {
      agents.recordCrash(agent.id(), T0.plusSeconds(i)).await();
    }

    Agent restarted = agents.start(agent.id()).await();
    Agent afterCrash = agents.recordCrash(agent.id(), T0.plusSeconds(5)).await();

    assertThat(restarted.recentCrashes()).isEmpty();
    assertThat(afterCrash.status()).isEqualTo(AgentStatus.RUNNING);
    assertThat(afterCrash.recentCrashes()).containsExactly(T0.plusSeconds(5));
  }

  @Test
  void concurrent_crash_reports_are_serialised_by_the_row_lock() {
    UUID tenant = db.newTenant();
    Agent agent = running(NewAgent.of(tenant, "contended", Set.of(AgentRole.CODER)));
    List<Future<Agent>> reports = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      reports.add(agents.recordCrash(agent.id(), T0.plusSeconds(i)));
    }

    Future.join(reports).otherwiseEmpty().await();

    List<AgentStatus> outcomes =
        reports.stream().filter(Future::succeeded).map(f -> f.result().status()).toList();
    assertThat(outcomes)
        .containsExactlyInAnyOrder(
            AgentStatus.RUNNING, AgentStatus.RUNNING, AgentStatus.DISABLED_FLAPPING);
    assertThat(reports.stream().filter(Future::failed))
        .hasSize(7)
        .allSatisfy(
            f ->
                assertThat(((AgentryException) f.cause()).code())
                    .isEqualTo(ErrorCode.ILLEGAL_STATE));
    Agent last = agents.get(agent.id()).await();
    assertThat(last.status()).isEqualTo(AgentStatus.DISABLED_FLAPPING);
    assertThat(last.restartCount()).isEqualTo(2);
  }

  @Test
  void a_custom_flap_policy_is_honoured() {
    AgentService lenient =
        AgentService.create(db.pool(), ledger, new FlapPolicy(2, Duration.ofSeconds(10)));
    UUID tenant = db.newTenant();
    Agent agent = running(NewAgent.of(tenant, "custom", Set.of(AgentRole.CODER)));

    lenient.recordCrash(agent.id(), T0).await();
    assertThat(lenient.recordCrash(agent.id(), T0.plusSeconds(11)).await().status())
        .isEqualTo(AgentStatus.RUNNING);
    assertThat(lenient.recordCrash(agent.id(), T0.plusSeconds(21)).await().status())
        .isEqualTo(AgentStatus.DISABLED_FLAPPING);
  }

  @Test
  void assignment_picks_a_running_agent_with_the_role_whose_range_covers_the_complexity() {
    UUID tenant = db.newTenant();
    Agent easy = running(NewAgent.of(tenant, "easy", Set.of(AgentRole.CODER)).withComplexity(1, 5));
    Agent mid = running(NewAgent.of(tenant, "mid", Set.of(AgentRole.CODER)).withComplexity(3, 8));
    Agent tester = running(NewAgent.of(tenant, "tester", Set.of(AgentRole.TESTER)));
    Agent paused = running(NewAgent.of(tenant, "paused", Set.of(AgentRole.CODER)));
    agents.pause(paused.id()).await();
    agents.create(NewAgent.of(tenant, "never-started", Set.of(AgentRole.CODER))).await();
    UUID otherTenant = db.newTenant();
    running(NewAgent.of(otherTenant, "foreign", Set.of(AgentRole.CODER)));

    assertThat(find(tenant, AgentRole.CODER, 2)).isEqualTo(easy.id());
    assertThat(find(tenant, AgentRole.CODER, 4)).isEqualTo(easy.id()); // tie on load: oldest
    assertThat(find(tenant, AgentRole.CODER, 7)).isEqualTo(mid.id());
    assertThat(find(tenant, AgentRole.CODER, 9)).isNull(); // only the paused agent covers 9
    assertThat(find(tenant, AgentRole.TESTER, 9)).isEqualTo(tester.id());
    assertThat(find(tenant, AgentRole.ARCHITECT, 1)).isNull();
  }

  @Test
  void assignment_prefers_the_agent_with_fewer_unfinished_tasks() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    Agent older = running(NewAgent.of(tenant, "older", Set.of(AgentRole.CODER)));
    Agent younger = running(NewAgent.of(tenant, "younger", Set.of(AgentRole.CODER)));
    insertTask(tenant, project, older.id(), "coding");

    assertThat(find(tenant, AgentRole.CODER, 5)).isEqualTo(younger.id());

    insertTask(tenant, project, younger.id(), "testing");
    insertTask(tenant, project, older.id(), "completed"); // finished work is no load
    assertThat(find(tenant, AgentRole.CODER, 5)).isEqualTo(older.id());

    insertTask(tenant, project, older.id(), "pending");
    assertThat(find(tenant, AgentRole.CODER, 5)).isEqualTo(younger.id());
  }

  @Test
  void create_and_update_keep_every_field() {
    UUID tenant = db.newTenant();
    AgentConfig config =
        AgentConfig.defaults()
            .withMaxIterations(12)
            .withAllowedTools(List.of("read_file", "write_file"));
    NewAgent input =
        new NewAgent(
            tenant,
            null,
            "full",
            "does everything",
            Set.of(AgentRole.ARCHITECT, AgentRole.CODER),
            "ship it",
            config,
            new ComplexityRange(2, 9),
            "alice");

    Agent created = agents.create(input).await();
    Agent updated =
        agents
            .update(
                created.id(),
                AgentUpdate.none()
                    .withName("renamed")
                    .withRoles(Set.of(AgentRole.DEBUGGER))
                    .withComplexity(new ComplexityRange(4, 4)))
            .await();

    assertThat(created.description()).isEqualTo("does everything");
    assertThat(created.roles()).containsExactlyInAnyOrder(AgentRole.ARCHITECT, AgentRole.CODER);
    assertThat(created.goal()).isEqualTo("ship it");
    assertThat(created.config()).isEqualTo(config);
    assertThat(created.complexity()).isEqualTo(new ComplexityRange(2, 9));
    assertThat(created.owner()).isEqualTo("alice");
    assertThat(created.tenantId()).isEqualTo(tenant);
    assertThat(updated.name()).isEqualTo("renamed");
    assertThat(updated.roles()).containsExactly(AgentRole.DEBUGGER);
    assertThat(updated.complexity()).isEqualTo(new ComplexityRange(4, 4));
    assertThat(updated.goal()).isEqualTo("ship it");
    assertThat(updated.config()).isEqualTo(config);
    assertThat(updated.updatedAt()).isAfterOrEqualTo(created.updatedAt());
    assertThat(agents.get(created.id()).await()).isEqualTo(updated);
  }

  @Test
  void names_are_unique_among_a_tenants_live_agents() {
    UUID tenant = db.newTenant();
    Agent first = agents.create(NewAgent.of(tenant, "dup", Set.of(AgentRole.CODER))).await();

    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> agents.create(NewAgent.of(tenant, "dup", Set.of(AgentRole.TESTER))).await(),
        "name");
    Agent other = agents.create(NewAgent.of(tenant, "other", Set.of(AgentRole.CODER))).await();
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> agents.update(other.id(), AgentUpdate.none().withName("dup")).await(),
        "name");
    assertThat(agents.create(NewAgent.of(db.newTenant(), "dup", Set.of(AgentRole.CODER))).await())
        .isNotNull();

    agents.delete(first.id()).await();
    assertThat(agents.create(NewAgent.of(tenant, "dup", Set.of(AgentRole.CODER))).await().name())
        .isEqualTo("dup");
  }

  @Test
  void unknown_tenants_projects_of_other_tenants_and_unknown_agents_are_not_found() {
    UUID tenant = db.newTenant();
    UUID foreignProject = db.newProject(db.newTenant());

    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> agents.create(NewAgent.of(UUID.randomUUID(), "a", Set.of(AgentRole.CODER))).await());
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () ->
            agents
                .create(
                    NewAgent.of(tenant, "a", Set.of(AgentRole.CODER)).withProject(foreignProject))
                .await());
    assertFailsWith(ErrorCode.NOT_FOUND, () -> agents.get(UUID.randomUUID()).await());
    assertFailsWith(ErrorCode.NOT_FOUND, () -> agents.start(UUID.randomUUID()).await());
  }

  private static Agent running(NewAgent input) {
    Agent agent = agents.create(input).await();
    return agents.start(agent.id()).await();
  }

  private static UUID find(UUID tenant, AgentRole role, int complexity) {
    return agents.findAvailableFor(tenant, role, complexity).await().map(Agent::id).orElse(null);
  }

  private static void insertTask(UUID tenant, UUID project, UUID agent, String status) {
    db.pool()
        .preparedQuery(
            "INSERT INTO tasks (id, tenant_id, project_id, goal, complexity, status,"
                + " assigned_agent_id, completed_at) VALUES ($1, $2, $3, 'g', 5, $4, $5,"
                + " CASE WHEN $4 IN ('completed', 'failed', 'cancelled') THEN now() END)")
        .execute(Tuple.of(UUID.randomUUID(), tenant, project, status, agent))
        .await();
  }
}
