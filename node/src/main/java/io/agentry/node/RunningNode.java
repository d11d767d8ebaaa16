package io.agentry.node;

import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.service.ServiceStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started node: what it is connected to, and how to stop it. */
final class RunningNode {

  private static final Logger LOG = LoggerFactory.getLogger(RunningNode.class);

  private final Vertx vertx;
  private final NodeServices services;
  private final List<ServiceStatus> checked;
  private final String schemaVersion;
  private final Duration startup;
  private final int httpPort;

  RunningNode(
      Vertx vertx,
      NodeServices services,
      List<ServiceStatus> checked,
      String schemaVersion,
      Duration startup,
      int httpPort) {
    this.vertx = vertx;
    this.services = services;
    this.checked = checked;
    this.schemaVersion = schemaVersion;
    this.startup = startup;
    this.httpPort = httpPort;
  }

  NodeServices services() {
    return services;
  }

  /** Where this node's HTTP endpoints listen (the actual port, also when 0 was configured). */
  URI httpBase() {
    return URI.create("http://" + services.config().http().host() + ":" + httpPort);
  }

  String summary() {
    var id = services.identity();
    var cluster = services.cluster();
    StringBuilder out = new StringBuilder();
    out.append("Agentry node ")
        .append(id.id())
        .append(" started in ")
        .append(startup.toMillis())
        .append(" ms\n");
    out.append("  roles      ").append(NodeRole.describe(id.roles())).append('\n');
    out.append("  cluster    ")
        .append(
            cluster.clustered()
                ? cluster.memberIds().size() + " member(s), Hazelcast"
                : "standalone (no --cluster)")
        .append('\n');
    String base = httpBase().toString();
    if (id.has(NodeRole.API)) {
      out.append("  dashboard  ").append(base).append("/\n");
      out.append("  graphql    ").append(base).append("/graphql\n");
      if (services.config().http().graphiql()) {
        out.append("  graphiql   ").append(base).append("/graphiql/\n");
      }
    }
    out.append("  health     ")
        .append(base)
        .append("/health  ")
        .append(base)
        .append("/ready  ")
        .append(base)
        .append("/metrics\n");
    for (ServiceStatus s : checked) {
      out.append("  ")
          .append(String.format("%-10s ", s.name()))
          .append(s.target())
          .append(s.up() ? "  up (" + s.detail() + ")" : "  DOWN (" + s.detail() + ")")
          .append('\n');
    }
    out.append("  schema     version ").append(schemaVersion);
    return out.toString();
  }

  /**
   * Stops in an order that loses nothing: undeploy the roles first (workers drain within the grace
   * period while pools and the cluster are still up, the director steps down), then leave the node
   * registry, then close Vert.x and with it the cluster membership.
   */
  void stop() {
    int grace = services.config().node().shutdownGraceSeconds();
    String id = services.identity().id();
    LOG.info("stopping node {} (grace {} s)", id, grace);
    try {
      List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
      await(Future.join(undeployed), grace + 5L);
      await(services.registry().deregister(id), 5);
      await(vertx.close(), 10);
      LOG.info("node {} stopped", id);
    } catch (Exception e) {
      LOG.warn("node {} did not stop cleanly: {}", id, e.toString());
    }
  }

  private static void await(Future<?> future, long seconds) throws Exception {
    future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
