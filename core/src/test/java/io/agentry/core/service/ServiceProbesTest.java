package io.agentry.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.cluster.ClusterView;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Probes the real PostgreSQL, Redis and Chroma, and ports where nothing listens. */
@ExtendWith(VertxExtension.class)
class ServiceProbesTest {

  @Test
  void reports_every_local_service_up(Vertx vertx) {
    List<ServiceStatus> statuses = probes(vertx, Map.of()).checkAll().await();

    assertThat(statuses)
        .extracting(ServiceStatus::name)
        .containsExactly("postgresql", "redis", "chroma");
    assertThat(statuses).allSatisfy(s -> assertThat(s.up()).as(s.toString()).isTrue());
    assertThat(statuses.get(0).detail()).startsWith("server ");
    assertThat(statuses.get(1).detail()).isEqualTo("ping PONG");
  }

  @Test
  void reports_unreachable_services_down_with_the_reason_without_failing(Vertx vertx) {
    int closed = 1; // nothing listens on port 1 on loopback
    var probes =
        probes(
            vertx,
            Map.of(
                "AGENTRY_POSTGRES_PORT",
                String.valueOf(closed),
                "AGENTRY_REDIS_PORT",
                String.valueOf(closed),
                "AGENTRY_CHROMA_URL",
                "http://127.0.0.1:" + closed,
                "AGENTRY_CHROMA_REQUIRED",
                "false"));

    List<ServiceStatus> statuses = probes.checkAll().await();

    assertThat(statuses)
        .allSatisfy(
            s -> {
              assertThat(s.up()).isFalse();
              assertThat(s.detail()).containsIgnoringCase("refused");
            });
    assertThat(probes.isRequired("postgresql")).isTrue();
    assertThat(probes.isRequired("chroma")).isFalse();
  }

  private static ServiceProbes probes(Vertx vertx, Map<String, String> overrides) {
    var config = TestConfig.load(overrides);
    var identity =
        new NodeIdentity("probe-test", Set.of(NodeRole.API), "localhost", null, Instant.now());
    return NodeServicesFactory.create(
            vertx,
            config,
            identity,
            ClusterView.standalone(identity.id()),
            NodeMetrics.createRegistry())
        .probes();
  }
}
