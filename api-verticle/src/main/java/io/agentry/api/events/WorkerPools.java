package io.agentry.api.events;

import io.agentry.core.bus.Addresses;
import io.agentry.core.cluster.NodeRegistry;
import io.agentry.core.jobs.bus.WorkerReport;
import io.agentry.core.node.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Worker capacity as the workers report it (they publish a {@link WorkerReport} per pool to the
 * whole cluster): the latest report of each pool, for pools of nodes that are still members.
 */
public final class WorkerPools {

  /** A pool as last reported. */
  public record Pool(
      String nodeId,
      String role,
      int capacity,
      int inFlight,
      boolean draining,
      Instant reportedAt) {}

  private final Vertx vertx;
  private final NodeRegistry registry;
  private final Map<String, Pool> latest = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> consumer;

  public WorkerPools(Vertx vertx, NodeRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  public Future<Void> start() {
    consumer =
        vertx
            .eventBus()
            .consumer(
                Addresses.WORKER_REPORTS,
                m -> {
                  WorkerReport r = WorkerReport.fromJson(m.body());
                  latest.put(
                      r.nodeId() + "/" + r.role(),
                      new Pool(
                          r.nodeId(),
                          r.role(),
                          r.capacity(),
                          r.inFlight(),
                          r.draining(),
                          Instant.now()));
                });
    return consumer.completion();
  }

  /** Pools of live nodes, by node then role. */
  public Future<List<Pool>> live() {
    return registry
        .liveNodes()
        .map(
            nodes -> {
              Set<String> alive = nodes.stream().map(NodeIdentity::id).collect(Collectors.toSet());
              latest.values().removeIf(p -> !alive.contains(p.nodeId()));
              return latest.values().stream()
                  .sorted(Comparator.comparing(Pool::nodeId).thenComparing(Pool::role))
                  .toList();
            });
  }
}
