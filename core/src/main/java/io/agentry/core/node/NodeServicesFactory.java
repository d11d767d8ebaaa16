package io.agentry.core.node;

import io.agentry.core.cluster.ClusterView;
import io.agentry.core.cluster.NodeRegistry;
import io.agentry.core.config.AgentryConfig;
import io.agentry.core.persistence.PgPools;
import io.agentry.core.service.ServiceProbes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;

/** Assembles the {@link NodeServices} of a node: pools, probes and the node registry. */
public final class NodeServicesFactory {

  private NodeServicesFactory() {}

  public static NodeServices create(
      Vertx vertx,
      AgentryConfig config,
      NodeIdentity identity,
      ClusterView cluster,
      PrometheusMeterRegistry metrics) {
    Pool pg = PgPools.create(vertx, config.postgres());
    Pool pgRelaxed = PgPools.createRelaxed(vertx, config.postgres());
    Redis redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(config.redis().url())
                .setMaxPoolSize(8)
                .setMaxWaitingHandlers(2048));
    ServiceProbes probes = new ServiceProbes(config, pg, redis, vertx);
    NodeRegistry registry = new NodeRegistry(vertx, cluster);
    return new NodeServices(
        config, identity, pg, pgRelaxed, redis, probes, cluster, registry, metrics);
  }
}
