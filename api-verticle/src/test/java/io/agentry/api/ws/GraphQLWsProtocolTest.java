package io.agentry.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The graphql-transport-ws close codes, each provoked through a real WebSocket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphQLWsProtocolTest {

  private ApiTestNode api;
  private String viewer;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
    viewer = api.key(api.newTenant(), Role.VIEWER);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private WsClient connect() {
    return WsClient.connect(api.vertx, api.api.actualPort());
  }

  @Test
  void a_valid_key_is_acknowledged() throws Exception {
    WsClient ws = connect().init(viewer);
    assertThat(ws.next(5).getString("type")).isEqualTo("connection_ack");
    ws.send(new JsonObject().put("type", "ping"));
    assertThat(ws.next(5).getString("type")).isEqualTo("pong");
    ws.socket.close().await();
  }

  @Test
  void a_bad_key_in_connection_init_is_closed_with_4403() throws Exception {
    assertThat(connect().init("agk_not-a-real-key-at-all").awaitClose(5)).isEqualTo(4403);
    WsClient noKey = connect().send(new JsonObject().put("type", "connection_init"));
    assertThat(noKey.awaitClose(5)).isEqualTo(4403);
  }

  @Test
  void a_second_connection_init_is_closed_with_4429() throws Exception {
    WsClient ws = connect().init(viewer);
    assertThat(ws.next(5).getString("type")).isEqualTo("connection_ack");
    ws.init(viewer);
    assertThat(ws.awaitClose(5)).isEqualTo(4429);
  }

  @Test
  void subscribing_before_the_acknowledgement_is_closed_with_4401() throws Exception {
    WsClient ws =
        connect().subscribe("1", "subscription { ledgerEvents(projectId: \"x\") { seq } }");
    assertThat(ws.awaitClose(5)).isEqualTo(4401);
  }

  @Test
  void no_connection_init_in_time_is_closed_with_4408() throws Exception {
    assertThat(connect().awaitClose(10)).isEqualTo(4408);
  }

  @Test
  void invalid_messages_are_closed_with_4400() throws Exception {
    assertThat(connect().sendText("{not json").awaitClose(5)).isEqualTo(4400);
    assertThat(connect().send(new JsonObject().put("type", "nonsense")).awaitClose(5))
        .isEqualTo(4400);
    WsClient ws = connect().init(viewer);
    ws.next(5);
    ws.send(new JsonObject().put("type", "subscribe").put("id", "1"));
    assertThat(ws.awaitClose(5)).isEqualTo(4400);
  }

  @Test
  void a_subscription_id_in_use_is_closed_with_4409() throws Exception {
    UUID tenant = api.newTenant();
    String user = api.key(tenant, Role.USER);
    String projectId =
        api.data(user, "mutation { createProject(input: {name: \"p\"}) { id } }", null)
            .getJsonObject("createProject")
            .getString("id");
    String query = "subscription { ledgerEvents(projectId: \"" + projectId + "\") { seq } }";
    WsClient ws = connect().init(user);
    ws.next(5);
    ws.subscribe("same", query).subscribe("same", query);
    // The first subscription may deliver the ProjectCreated event before the close.
    assertThat(ws.awaitClose(5)).isEqualTo(4409);
  }

  @Test
  void the_node_stays_healthy_after_protocol_errors() throws Exception {
    connect().sendText("[]").awaitClose(5);
    assertThat(api.client.get("/health").send().await().statusCode()).isEqualTo(200);
  }
}
