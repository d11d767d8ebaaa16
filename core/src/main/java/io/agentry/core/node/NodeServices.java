package io.agentry.core.node;

import io.agentry.core.cluster.ClusterView;
import io.agentry.core.cluster.NodeRegistry;
import io.agentry.core.config.AgentryConfig;
import io.agentry.core.service.ServiceProbes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/**
 * What every role verticle of a node shares: configuration, identity, connection pools, cluster
 * membership and metrics. Built once by the node launcher and handed to each verticle. {@code
 * pgRelaxed} commits without waiting for the WAL flush: see {@link
 * io.agentry.core.persistence.PgPools#createRelaxed}.
 */
public record NodeServices(
    AgentryConfig config,
    NodeIdentity identity,
    Pool pg,
    Pool pgRelaxed,
    Redis redis,
    ServiceProbes probes,
    ClusterView cluster,
    NodeRegistry registry,
    PrometheusMeterRegistry metrics) {}
