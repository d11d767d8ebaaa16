package io.agentry.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.node.testing.FreePorts;
import io.agentry.node.testing.GraphQLProbe;
import io.agentry.node.testing.NodeProcess;
import io.agentry.node.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real JVMs on loopback form one Hazelcast cluster: an api+director node and two workers.
 * Event-bus requests cross JVMs, and a SIGKILLed member leaves the cluster within the configured
 * failure-detection timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterTest {

  private static final int MAX_NO_HEARTBEAT_SECONDS = TestCluster.MAX_NO_HEARTBEAT_SECONDS;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private NodeProcess api;
  private NodeProcess workerA;
  private NodeProcess workerB;
  private GraphQLProbe graphql;

  @BeforeAll
  void startCluster() throws Exception {
    TestCluster cluster = new TestCluster(3);
    int httpPort = FreePorts.next();

    api =
        NodeProcess.start(
            "cluster-api",
            cluster.env(0, Map.of("AGENTRY_HTTP_PORT", String.valueOf(httpPort))),
            "--roles",
            "api,director",
            "--cluster");
    workerA =
        NodeProcess.start(
            "cluster-worker-a",
            cluster.env(1, Map.of("AGENTRY_HTTP_PORT", String.valueOf(0))),
            "--roles",
            "worker",
            "--cluster");
    workerB =
        NodeProcess.start(
            "cluster-worker-b",
            cluster.env(2, Map.of("AGENTRY_HTTP_PORT", String.valueOf(0))),
            "--roles",
            "worker",
            "--cluster");
    api.awaitStarted(START_TIMEOUT);
    workerA.awaitStarted(START_TIMEOUT);
    workerB.awaitStarted(START_TIMEOUT);
    graphql = new GraphQLProbe(httpPort);
  }

  @AfterAll
  void stopCluster() throws Exception {
    for (NodeProcess node : new NodeProcess[] {api, workerA, workerB}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  @Order(1)
  void all_three_nodes_see_one_cluster_with_their_roles() throws Exception {
    Map<String, Set<String>> roles = awaitClusterNodes(3, Duration.ofSeconds(30));

    assertThat(roles)
        .containsEntry(api.nodeId(), Set.of("API", "DIRECTOR"))
        .containsEntry(workerA.nodeId(), Set.of("WORKER"))
        .containsEntry(workerB.nodeId(), Set.of("WORKER"));
    assertThat(graphql.status("/ready")).isEqualTo(200);
  }

  @Test
  @Order(1)
  void worker_only_nodes_answer_health_readiness_and_metrics_probes() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (NodeProcess worker : new NodeProcess[] {workerA, workerB}) {
      assertThat(worker.httpBase()).isNotNull();
      for (String path : new String[] {"/health", "/ready", "/metrics"}) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(worker.httpBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
      }
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(worker.httpBase() + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(new JsonObject(health.body()).getJsonArray("roles")).containsExactly("worker");
    }
  }

  @Test
  @Order(2)
  void an_event_bus_request_from_the_api_node_is_answered_on_a_worker_node() throws Exception {
    Set<String> answeredBy = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      JsonObject ping =
          data("{ clusterPing(role: WORKER) { nodeId role roundTripMs } }")
              .getJsonObject("clusterPing");
      answeredBy.add(ping.getString("nodeId"));
      assertThat(ping.getString("role")).isEqualTo("WORKER");
    }
    assertThat(answeredBy)
        .doesNotContain(api.nodeId())
        .isSubsetOf(workerA.nodeId(), workerB.nodeId());
    // Vert.x round-robins point-to-point sends between the registered handlers.
    assertThat(answeredBy).hasSize(2);
  }

  @Test
  @Order(3)
  void a_sigkilled_worker_leaves_the_cluster_within_the_failure_detection_timeout()
      throws Exception {
    long killedAt = System.nanoTime();
    workerA.kill();

    Map<String, Set<String>> remaining =
        awaitClusterNodes(2, Duration.ofSeconds(MAX_NO_HEARTBEAT_SECONDS + 10));
    Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);

    System.out.printf("SIGKILLed worker left the cluster view after %d ms%n", gone.toMillis());
    assertThat(remaining).containsOnlyKeys(api.nodeId(), workerB.nodeId());
    assertThat(gone).isLessThanOrEqualTo(Duration.ofSeconds(MAX_NO_HEARTBEAT_SECONDS));
    for (int i = 0; i < 4; i++) {
      String answeredBy =
          data("{ clusterPing(role: WORKER) { nodeId } }")
              .getJsonObject("clusterPing")
              .getString("nodeId");
      assertThat(answeredBy).isEqualTo(workerB.nodeId());
    }
  }

  /** Polls {@code clusterNodes} until it lists {@code count} nodes; returns id → roles. */
  private Map<String, Set<String>> awaitClusterNodes(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Set<String>> seen = Map.of();
    while (System.nanoTime() < deadline) {
      JsonArray nodes = data("{ clusterNodes { id roles } }").getJsonArray("clusterNodes");
      seen =
          nodes.stream()
              .map(JsonObject.class::cast)
              .collect(
                  Collectors.toMap(
                      n -> n.getString("id"),
                      n ->
                          Set.copyOf(
                              n.getJsonArray("roles").stream().map(String::valueOf).toList())));
      if (seen.size() == count) {
        return seen;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "expected " + count + " cluster nodes within " + timeout + ", saw " + seen);
  }

  private JsonObject data(String query) throws Exception {
    JsonObject body = graphql.query(query);
    assertThat(body.getJsonArray("errors")).as(body.encode()).isNull();
    return body.getJsonObject("data");
  }
}
