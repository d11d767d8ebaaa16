package io.agentry.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger against the real PostgreSQL: sequencing, causes, transactions, paging, NOTIFY. */
class PgLedgerStoreTest {

  private static PgTestFixture db;
  private static LedgerStore ledger;

  @BeforeAll
  static void start() {
    db = PgTestFixture.start();
    ledger = LedgerStore.create(db.pool());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void fifty_concurrent_appends_to_one_project_get_seqs_1_to_50_without_gaps() {
    UUID project = db.newProject(db.newTenant());
    List<Future<LedgerEvent>> appends = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      appends.add(
          ledger.append(project, Source.SYSTEM, null, "Tick", new JsonObject().put("i", i)));
    }

    Future.all(appends).await();

    List<Long> seqs = appends.stream().map(f -> f.result().seq()).sorted().toList();
    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    List<LedgerEvent> stored = ledger.since(project, 0, 100).await();
    assertThat(stored).extracting(LedgerEvent::seq).containsExactlyElementsOf(seqs);
  }

  @Test
  void a_steps_events_are_read_back_by_its_key_in_order_and_only_its_own() {
    UUID project = db.newProject(db.newTenant());
    UUID other = db.newProject(db.newTenant());
    for (int i = 0; i < 3; i++) {
      ledger.append(project, Source.AGENT, null, "ModelTurn", step("job:7", i)).await();
      ledger.append(project, Source.AGENT, null, "ModelTurn", step("job:8", i)).await();
      ledger.append(project, Source.SYSTEM, null, "Tick", new JsonObject().put("i", i)).await();
    }
    ledger.append(other, Source.AGENT, null, "ModelTurn", step("job:7", 99)).await();

    List<LedgerEvent> events = ledger.forStep(project, "job:7").await();

    assertThat(events).extracting(e -> e.payload().getInteger("turn")).containsExactly(0, 1, 2);
    assertThat(events).extracting(LedgerEvent::seq).isSorted();
    assertThat(ledger.forStep(project, "job:9").await()).isEmpty();
    assertThatThrownBy(() -> ledger.forStep(project, " ").await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT));
  }

  @Test
  void reading_a_step_uses_the_step_index() {
    String plan =
        db.pool()
            .withConnection(
                c ->
                    c.query("SET enable_seqscan = off")
                        .execute()
                        .compose(
                            v ->
                                c.preparedQuery(
                                        "EXPLAIN SELECT seq FROM ledger_events WHERE project_id = $1"
                                            + " AND payload->>'stepKey' = $2"
                                            + " AND payload->>'stepKey' IS NOT NULL ORDER BY seq")
                                    .execute(
                                        io.vertx.sqlclient.Tuple.of(UUID.randomUUID(), "job:1")))
                        .eventually(() -> c.query("RESET enable_seqscan").execute()))
            .map(
                rows -> {
                  StringBuilder text = new StringBuilder();
                  rows.forEach(r -> text.append(r.getString(0)).append('\n'));
                  return text.toString();
                })
            .await();
    assertThat(plan).contains("ledger_events_step");
  }

  private static JsonObject step(String key, int turn) {
    return new JsonObject().put("stepKey", key).put("turn", turn);
  }

  @Test
  void each_project_has_its_own_sequence() {
    UUID tenant = db.newTenant();
    UUID a = db.newProject(tenant);
    UUID b = db.newProject(tenant);

    ledger.append(a, Source.USER, null, "GoalSubmitted", null).await();
    ledger.append(a, Source.SYSTEM, 1L, "PlanningQueued", null).await();
    LedgerEvent firstOfB = ledger.append(b, Source.USER, null, "GoalSubmitted", null).await();

    assertThat(firstOfB.seq()).isEqualTo(1);
  }

  @Test
  void an_event_keeps_source_cause_type_and_payload() {
    UUID project = db.newProject(db.newTenant());
    ledger.append(project, Source.AGENT, null, "ToolCalled", new JsonObject().put("t", 1)).await();

    LedgerEvent answer =
        ledger
            .append(project, Source.SYSTEM, 1L, "ToolObserved", new JsonObject().put("ok", true))
            .await();
    LedgerEvent read = ledger.since(project, 1, 10).await().get(0);

    assertThat(read).isEqualTo(answer);
    assertThat(read.source()).isEqualTo(Source.SYSTEM);
    assertThat(read.causeSeq()).isEqualTo(1L);
    assertThat(read.payload()).isEqualTo(new JsonObject().put("ok", true));
    assertThat(read.createdAt()).isNotNull();
  }

  @Test
  void a_cause_that_is_not_earlier_is_rejected_and_burns_no_seq() {
    UUID project = db.newProject(db.newTenant());
    ledger.append(project, Source.USER, null, "A", null).await();

    assertThatThrownBy(() -> ledger.append(project, Source.USER, 2L, "B", null).await())
        .isInstanceOfSatisfying(
            AgentryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
              assertThat(e.getMessage()).contains("causeSeq 2");
            });
    assertThatThrownBy(() -> ledger.append(project, Source.USER, 0L, "B", null).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT));

    assertThat(ledger.append(project, Source.USER, 1L, "B", null).await().seq()).isEqualTo(2);
  }

  @Test
  void an_append_inside_a_rolled_back_transaction_leaves_no_event_and_no_gap() {
    UUID project = db.newProject(db.newTenant());

    assertThatThrownBy(
            () ->
                db.pool()
                    .withTransaction(
                        tx ->
                            ledger
                                .append(tx, project, Source.USER, null, "Doomed", null)
                                .compose(
                                    e -> Future.failedFuture(new IllegalStateException("abort"))))
                    .await())
        .hasMessage("abort");

    assertThat(ledger.since(project, 0, 10).await()).isEmpty();
    assertThat(ledger.append(project, Source.USER, null, "Kept", null).await().seq()).isEqualTo(1);
  }

  @Test
  void since_pages_through_events_in_order() {
    UUID project = db.newProject(db.newTenant());
    for (int i = 0; i < 7; i++) {
      ledger.append(project, Source.SYSTEM, null, "E" + i, null).await();
    }

    assertThat(ledger.since(project, 0, 3).await())
        .extracting(LedgerEvent::seq)
        .containsExactly(1L, 2L, 3L);
    assertThat(ledger.since(project, 3, 3).await())
        .extracting(LedgerEvent::type)
        .containsExactly("E3", "E4", "E5");
    assertThat(ledger.since(project, 6, 3).await())
        .extracting(LedgerEvent::seq)
        .containsExactly(7L);
    assertThat(ledger.since(project, 7, 3).await()).isEmpty();
    assertThatThrownBy(() -> ledger.since(project, 0, 0).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT));
  }

  @Test
  void appending_to_an_unknown_project_fails_with_not_found() {
    assertThatThrownBy(() -> ledger.append(UUID.randomUUID(), Source.USER, null, "X", null).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void an_append_notifies_listeners_with_project_and_seq() throws Exception {
    UUID project = db.newProject(db.newTenant());
    var pg = TestConfig.load().postgres();
    PgConnection listener =
        PgConnection.connect(
                db.vertx(),
                new PgConnectOptions()
                    .setHost(pg.host())
                    .setPort(pg.port())
                    .setDatabase(pg.database())
                    .setUser(pg.user())
                    .setPassword(pg.password()))
            .await();
    try {
      CompletableFuture<String> heard = new CompletableFuture<>();
      listener.notificationHandler(
          n -> {
            if (n.getChannel().equals(LedgerStore.NOTIFY_CHANNEL)
                && n.getPayload().startsWith(project.toString())) {
              heard.complete(n.getPayload());
            }
          });
      listener.query("LISTEN " + LedgerStore.NOTIFY_CHANNEL).execute().await();

      ledger.append(project, Source.USER, null, "Hello", null).await();

      assertThat(heard.get(5, TimeUnit.SECONDS)).isEqualTo(project + ":1");
    } finally {
      listener.close().await();
    }
  }
}
