package io.agentry.node;

import io.agentry.api.ApiVerticle;
import io.agentry.core.bus.FaultInjection;
import io.agentry.core.cluster.ClusterView;
import io.agentry.core.cluster.hazelcast.HazelcastClusterView;
import io.agentry.core.cluster.hazelcast.HazelcastConfigs;
import io.agentry.core.config.AgentryConfig;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.node.health.HealthServerVerticle;
import io.agentry.core.persistence.Migrations;
import io.agentry.core.persistence.Migrations.MigrationReport;
import io.agentry.core.persistence.SchemaCheck;
import io.agentry.core.service.ServiceProbes;
import io.agentry.core.service.ServiceStatus;
import io.agentry.director.DirectorVerticle;
import io.agentry.worker.WorkerVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node, in this order: Vert.x (clustered when asked), the service checks (a required
 * service that does not answer stops the start with a clear message), schema migrations, the node
 * registry entry, then one verticle per role.
 */
final class NodeLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLauncher.class);

  private NodeLauncher() {}

  /** {@code begin}: the {@link System#nanoTime} the start-up time counts from. */
  static RunningNode start(AgentryConfig config, NodeOptions options, long begin) {
    PrometheusMeterRegistry metrics = NodeMetrics.createRegistry();
    HazelcastClusterManager manager =
        options.cluster()
            ? new HazelcastClusterManager(HazelcastConfigs.build(config.cluster()))
            : null;
    Vertx vertx = createVertx(config, metrics, manager);
    FaultInjection.install(vertx, config.queue());
    try {
      ClusterView cluster =
          manager == null
              ? ClusterView.standalone(UUID.randomUUID().toString())
              : new HazelcastClusterView(manager);
      NodeIdentity identity = identity(config, options, cluster);
      NodeServices services = NodeServicesFactory.create(vertx, config, identity, cluster, metrics);
      ServiceProbes probes = services.probes();
      List<ServiceStatus> checked = probes.checkAll().await();
      requireServices(probes, checked);
      MigrationReport schema = migrate(vertx, config, services);
      int httpPort = 0;
      // In declaration order: the director listens before workers send their first credit report.
      for (NodeRole role : NodeRole.values()) {
        if (!identity.has(role)) {
          continue;
        }
        Deployable verticle = verticleFor(role, services);
        vertx.deployVerticle(verticle).await();
        if (verticle instanceof ApiVerticle api) {
          httpPort = api.actualPort();
        }
      }
      if (!identity.has(NodeRole.API)) {
        // Nodes without the api role still answer probes and scrapes.
        HealthServerVerticle health = new HealthServerVerticle(services);
        vertx.deployVerticle(health).await();
        httpPort = health.actualPort();
      }
      services.registry().register(identity).await();
      Duration took = Duration.ofNanos(System.nanoTime() - begin);
      return new RunningNode(vertx, services, checked, schema.schemaVersion(), took, httpPort);
    } catch (RuntimeException e) {
      vertx.close();
      if (e instanceof StartupException) {
        throw e;
      }
      LOG.error("start-up failed", e);
      throw new StartupException(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static Vertx createVertx(
      AgentryConfig config, PrometheusMeterRegistry metrics, HazelcastClusterManager manager) {
    VertxOptions options =
        new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    var builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics));
    if (manager == null) {
      return builder.build();
    }
    options.getEventBusOptions().setHost(config.cluster().host());
    try {
      return builder.withClusterManager(manager).buildClustered().await();
    } catch (RuntimeException e) {
      throw new StartupException("cannot join the cluster: " + e.getMessage());
    }
  }

  private static NodeIdentity identity(
      AgentryConfig config, NodeOptions options, ClusterView cluster) {
    String httpUrl = config.http().baseUrl();
    return new NodeIdentity(
        cluster.localNodeId(), options.roles(), hostName(), httpUrl, Instant.now());
  }

  private static void requireServices(ServiceProbes probes, List<ServiceStatus> checked) {
    List<ServiceStatus> down =
        checked.stream().filter(s -> !s.up() && probes.isRequired(s.name())).toList();
    if (!down.isEmpty()) {
      throw new StartupException(
          down.stream()
                  .map(s -> s.name() + " at " + s.target() + " is unreachable (" + s.detail() + ")")
                  .collect(Collectors.joining("; "))
              + ". Start the local services with: infra/services.sh up");
    }
  }

  private static MigrationReport migrate(Vertx vertx, AgentryConfig config, NodeServices services) {
    Optional<String> current = SchemaCheck.versionIfCurrent(services.pg()).await();
    if (current.isPresent()) {
      LOG.info("database schema at version {} (up to date: Flyway not needed)", current.get());
      return new MigrationReport(0, current.get());
    }
    try {
      MigrationReport report =
          vertx.executeBlocking(() -> Migrations.migrate(config.postgres())).await();
      LOG.info(
          "database schema at version {} ({} migration(s) applied now)",
          report.schemaVersion(),
          report.applied());
      return report;
    } catch (RuntimeException e) {
      throw new StartupException("database migration failed: " + e.getMessage());
    }
  }

  private static Deployable verticleFor(NodeRole role, NodeServices services) {
    return switch (role) {
      case API -> new ApiVerticle(services);
      case DIRECTOR -> new DirectorVerticle(services);
      case WORKER -> new WorkerVerticle(services);
    };
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
