package io.agentry.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.persistence.PgPools;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ledgerEvents}: replay from the database, then live events appended through a pool of
 * another Vert.x instance (as another node would), in order, with no gap and no duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerSubscriptionTest {

  private ApiTestNode api;
  private Vertx otherNode;
  private LedgerStore otherLedger;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
    otherNode = Vertx.vertx();
    Pool pool = PgPools.create(otherNode, api.node.config().postgres());
    otherLedger = LedgerStore.create(pool);
  }

  @AfterAll
  void stop() {
    otherNode.close().await();
    api.close();
  }

  private String project(String token) {
    return api.data(token, "mutation { createProject(input: {name: \"p\"}) { id } }", null)
        .getJsonObject("createProject")
        .getString("id");
  }

  private void append(String projectId, int n) {
    for (int i = 0; i < n; i++) {
      otherLedger
          .append(UUID.fromString(projectId), Source.SYSTEM, null, "Tick", new JsonObject())
          .await();
    }
  }

  @Test
  void replay_after_a_seq_then_live_events_arrive_in_order_without_gaps_or_duplicates()
      throws Exception {
    String user = api.key(api.newTenant(), Role.USER);
    String projectId = project(user); // seq 1: ProjectCreated
    append(projectId, 4); // seqs 2..5

    WsClient ws = WsClient.connect(api.vertx, api.api.actualPort()).init(user);
    ws.next(5);
    ws.subscribe(
        "l",
        "subscription { ledgerEvents(projectId: \""
            + projectId
            + "\", afterSeq: 2) { seq type } }");
    // Live appends race with the replay on purpose.
    append(projectId, 20); // seqs 6..25

    List<Long> seen = new ArrayList<>();
    while (seen.size() < 23) {
      JsonObject message = ws.next(10);
      assertThat(message.getString("type")).as(message.encode()).isEqualTo("next");
      seen.add(
          message
              .getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject("ledgerEvents")
              .getLong("seq"));
    }
    List<Long> expected = new ArrayList<>();
    for (long s = 3; s <= 25; s++) {
      expected.add(s);
    }
    assertThat(seen).isEqualTo(expected);
    append(projectId, 1);
    assertThat(
            ws.next(10)
                .getJsonObject("payload")
                .getJsonObject("data")
                .getJsonObject("ledgerEvents")
                .getLong("seq"))
        .isEqualTo(26);
    ws.send(new JsonObject().put("id", "l").put("type", "complete"));
    ws.socket.close().await();
  }

  /** Reads {@code count} next messages of operation {@code id}; returns their seqs. */
  private static List<Long> seqs(WsClient ws, String id, int count) throws InterruptedException {
    List<Long> seen = new ArrayList<>();
    while (seen.size() < count) {
      JsonObject message = ws.next(10);
      assertThat(message.getString("type")).as(message.encode()).isEqualTo("next");
      assertThat(message.getString("id")).isEqualTo(id);
      seen.add(
          message
              .getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject("ledgerEvents")
              .getLong("seq"));
    }
    return seen;
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      out.add(s);
    }
    return out;
  }

  @Test
  void subscribers_of_one_document_share_its_stream_yet_each_starts_where_it_asked()
      throws Exception {
    String user = api.key(api.newTenant(), Role.USER);
    String projectId = project(user); // seq 1
    String document =
        "subscription($after: Int) { ledgerEvents(projectId: \""
            + projectId
            + "\", afterSeq: $after) { seq type } }";
    WsClient first = WsClient.connect(api.vertx, api.api.actualPort()).init(user);
    first.next(5);
    first.send(subscribe("a", document, 0));
    append(projectId, 30); // seqs 2..31
    assertThat(seqs(first, "a", 31)).isEqualTo(range(1, 31));

    // Same document, other positions: served from the running stream's recent frames.
    WsClient fromStart = WsClient.connect(api.vertx, api.api.actualPort()).init(user);
    fromStart.next(5);
    fromStart.send(subscribe("b", document, 0));
    WsClient fromFive = WsClient.connect(api.vertx, api.api.actualPort()).init(user);
    fromFive.next(5);
    fromFive.send(subscribe("c", document, 5));
    assertThat(seqs(fromStart, "b", 31)).isEqualTo(range(1, 31));
    assertThat(seqs(fromFive, "c", 26)).isEqualTo(range(6, 31));

    // Enough events that the shared stream no longer holds the oldest: a subscriber from seq 10
    // replays on its own, then joins the shared stream without a gap or a duplicate.
    int more = 1_100;
    append(projectId, more); // seqs 32..1131
    assertThat(seqs(first, "a", more)).isEqualTo(range(32, 1131));
    WsClient late = WsClient.connect(api.vertx, api.api.actualPort()).init(user);
    late.next(5);
    late.send(subscribe("d", document, 10));
    assertThat(seqs(late, "d", 1121)).isEqualTo(range(11, 1131));
    append(projectId, 3); // seqs 1132..1134, live
    assertThat(seqs(late, "d", 3)).isEqualTo(range(1132, 1134));
    assertThat(seqs(first, "a", 3)).isEqualTo(range(1132, 1134));
    assertThat(seqs(fromFive, "c", more + 3)).isEqualTo(range(32, 1134));
    for (WsClient ws : List.of(first, fromStart, fromFive, late)) {
      ws.socket.close().await();
    }
  }

  private static JsonObject subscribe(String id, String query, int after) {
    return new JsonObject()
        .put("id", id)
        .put("type", "subscribe")
        .put(
            "payload",
            new JsonObject()
                .put("query", query)
                .put("variables", new JsonObject().put("after", after)));
  }

  @Test
  void a_key_of_another_tenant_cannot_subscribe_to_the_project() throws Exception {
    String owner = api.key(api.newTenant(), Role.USER);
    String projectId = project(owner);
    String stranger = api.key(api.newTenant(), Role.ADMIN);

    WsClient ws = WsClient.connect(api.vertx, api.api.actualPort()).init(stranger);
    ws.next(5);
    ws.subscribe(
        "x", "subscription { ledgerEvents(projectId: \"" + projectId + "\") { seq payload } }");
    // As graphql-ws's own server does: a source stream that cannot be created is one result
    // with errors and no data, then complete.
    JsonObject message = ws.next(5);
    assertThat(message.getString("type")).isEqualTo("next");
    JsonObject result = message.getJsonObject("payload");
    assertThat(result.getValue("data")).isNull();
    assertThat(
            result
                .getJsonArray("errors")
                .getJsonObject(0)
                .getJsonObject("extensions")
                .getString("code"))
        .isEqualTo("NOT_FOUND");
    assertThat(ws.next(5).getString("type")).isEqualTo("complete");
    append(projectId, 1);
    assertThat(ws.messages.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
    ws.socket.close().await();
  }

  @Test
  void task_updates_stream_the_task_after_each_change() throws Exception {
    String user = api.key(api.newTenant(), Role.USER);
    String projectId = project(user);
    WsClient ws = WsClient.connect(api.vertx, api.api.actualPort()).init(user);
    ws.next(5);
    ws.subscribe(
        "t", "subscription { taskUpdates(projectId: \"" + projectId + "\") { id status goal } }");
    Thread.sleep(300); // let the subscription register before the goal is submitted
    String taskId =
        api.data(
                user,
                "mutation { submitGoal(projectId: \""
                    + projectId
                    + "\", goal: \"build it\")"
                    + " { task { id } } }",
                null)
            .getJsonObject("submitGoal")
            .getJsonObject("task")
            .getString("id");
    JsonObject created = ws.next(10).getJsonObject("payload").getJsonObject("data");
    assertThat(created.getJsonObject("taskUpdates").getString("id")).isEqualTo(taskId);
    api.data(user, "mutation { cancelTask(id: \"" + taskId + "\") { id } }", null);
    JsonObject cancelled = ws.next(10).getJsonObject("payload").getJsonObject("data");
    assertThat(cancelled.getJsonObject("taskUpdates").getString("status")).isEqualTo("CANCELLED");
    ws.socket.close().await();
  }
}
