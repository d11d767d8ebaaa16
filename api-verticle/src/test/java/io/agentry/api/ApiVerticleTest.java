package io.agentry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The api role in-process, against the real local services, through real HTTP. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiVerticleTest {

  private ApiTestNode api;
  private WebClient client;
  private String admin;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
    client = api.client;
    admin = api.key(api.newTenant(), Role.ADMIN);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void health_answers_with_node_id_and_roles() {
    var response = client.get("/health").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("nodeId")).isEqualTo("api-test-node");
    assertThat(response.bodyAsJsonObject().getJsonArray("roles")).containsExactly("api");
  }

  @Test
  void ready_reports_each_service_and_the_cluster() {
    var response = client.get("/ready").send().await();
    JsonObject body = response.bodyAsJsonObject();
    assertThat(response.statusCode()).as(body.encodePrettily()).isEqualTo(200);
    assertThat(body.getString("status")).isEqualTo("READY");
    assertThat(body.getJsonObject("cluster").getBoolean("joined")).isTrue();
    assertThat(body.getJsonArray("services").stream().map(s -> ((JsonObject) s).getString("name")))
        .containsExactly("postgresql", "redis", "chroma");
  }

  @Test
  void metrics_are_prometheus_text_with_vertx_and_jvm_meters() {
    client.get("/health").send().await();
    var response = client.get("/metrics").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("text/plain");
    assertThat(response.bodyAsString()).contains("# TYPE");
  }

  @Test
  void graphql_answers_node_cluster_and_ping_queries() {
    JsonObject data =
        data(
            query(
                "{ node { id roles local } clusterNodes { id } services { name up }"
                    + " clusterPing(role: API) { nodeId role roundTripMs } }"));
    assertThat(data.getJsonObject("node").getString("id")).isEqualTo("api-test-node");
    assertThat(data.getJsonObject("node").getJsonArray("roles")).containsExactly("API");
    assertThat(data.getJsonObject("node").getBoolean("local")).isTrue();
    assertThat(data.getJsonArray("clusterNodes")).hasSize(1);
    assertThat(data.getJsonObject("clusterPing").getString("nodeId")).isEqualTo("api-test-node");
    assertThat(data.getJsonObject("clusterPing").getDouble("roundTripMs")).isPositive();
  }

  @Test
  void graphql_get_requests_are_served_too() {
    var response =
        client
            .get("/graphql")
            .putHeader("authorization", "Bearer " + admin)
            .addQueryParam("query", "{ node { id } }")
            .send()
            .await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(
            response.bodyAsJsonObject().getJsonObject("data").getJsonObject("node").getString("id"))
        .isEqualTo("api-test-node");
  }

  @Test
  void ping_of_a_role_nobody_serves_fails_with_code_unavailable() {
    JsonObject error = firstError(query("{ clusterPing(role: WORKER) { nodeId } }"));
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("UNAVAILABLE");
    assertThat(error.getString("message")).contains("worker");
  }

  @Test
  void malformed_and_invalid_queries_get_coded_errors_and_the_node_stays_healthy() {
    assertThat(code(query("{ node { id "))).isEqualTo("GRAPHQL_PARSE_FAILED");
    assertThat(code(query("{ nope }"))).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(code(query("{ clusterPing(role: CODER) { nodeId } }")))
        .isEqualTo("GRAPHQL_VALIDATION_FAILED");

    var notJson =
        client
            .post("/graphql")
            .putHeader("content-type", "application/json")
            .putHeader("authorization", "Bearer " + admin)
            .sendBuffer(Buffer.buffer("{not json"))
            .await();
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(code(notJson)).isEqualTo("BAD_REQUEST");

    assertThat(client.get("/health").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void too_complex_queries_are_refused_before_execution() {
    String aliases =
        IntStream.range(0, 200)
            .mapToObj(i -> "a" + i + ": node { id roles host }")
            .collect(Collectors.joining(" "));
    JsonObject error = firstError(query("{ " + aliases + " }"));
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("QUERY_TOO_COMPLEX");
  }

  @Test
  void too_deep_queries_are_refused_before_execution_and_the_node_stays_healthy() {
    String deep =
        "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType {"
            + " ofType { ofType { ofType { name } } } } } } } } } } } } }";
    JsonObject error = firstError(query(deep));
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("QUERY_TOO_COMPLEX");
    assertThat(error.getString("message")).contains("depth");
    assertThat(client.get("/health").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void oversized_bodies_are_refused_with_413() {
    String big = "{ node { id } }" + " ".repeat((int) ApiVerticle.MAX_BODY_BYTES);
    var response =
        client
            .post("/graphql")
            .putHeader("content-type", "application/json")
            .sendJsonObject(new JsonObject().put("query", big))
            .await();
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(code(response)).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(client.get("/health").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void graphiql_is_served_locally() {
    var response = client.get("/graphiql/").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).containsIgnoringCase("graphiql");
  }

  private HttpResponse<Buffer> query(String query) {
    return client
        .post("/graphql")
        .putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer " + admin)
        .sendJsonObject(new JsonObject().put("query", query))
        .await();
  }

  private static JsonObject data(HttpResponse<Buffer> response) {
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getJsonArray("errors")).as(body.encodePrettily()).isNull();
    return body.getJsonObject("data");
  }

  private static JsonObject firstError(HttpResponse<Buffer> response) {
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).as(response.bodyAsString()).isNotNull().isNotEmpty();
    return errors.getJsonObject(0);
  }

  private static String code(HttpResponse<Buffer> response) {
    return firstError(response).getJsonObject("extensions").getString("code");
  }
}
