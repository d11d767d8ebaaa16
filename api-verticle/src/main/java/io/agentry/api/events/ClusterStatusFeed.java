package io.agentry.api.events;

import io.agentry.core.cluster.NodeRegistry;
import io.agentry.core.node.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's nodes and worker pools for live subscribers: while somebody here watches, the state
 * is looked at every {@link #PERIOD_MS} (membership from the cluster map, pools from the workers'
 * reports) and pushed when it changed, so membership changes and worker reports reach subscribers
 * coalesced to at most one update a second. A new listener gets the current state at once.
 */
public final class ClusterStatusFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStatusFeed.class);

  static final long PERIOD_MS = 1_000;

  /** The state of the cluster at {@code at}. */
  public record Status(List<NodeIdentity> nodes, List<WorkerPools.Pool> workerPools, Instant at) {

    /** What a change is: who is a member with which roles, and each pool's numbers. */
    List<Object> comparable() {
      return List.of(
          nodes.stream().map(n -> n.id() + n.roles()).toList(),
          workerPools.stream()
              .map(p -> List.of(p.nodeId(), p.role(), p.capacity(), p.inFlight(), p.draining()))
              .toList());
    }
  }

  private final Vertx vertx;
  private final NodeRegistry registry;
  private final WorkerPools pools;
  private final Set<Consumer<Status>> listeners = new CopyOnWriteArraySet<>();
  private long timer = -1;
  private List<Object> last;

  public ClusterStatusFeed(Vertx vertx, NodeRegistry registry, WorkerPools pools) {
    this.vertx = vertx;
    this.registry = registry;
    this.pools = pools;
  }

  /** The state now. */
  public Future<Status> now() {
    return registry
        .liveNodes()
        .compose(nodes -> pools.live().map(p -> new Status(nodes, p, Instant.now())));
  }

  /** Calls {@code listener} with the state now and after each change; run the result to stop. */
  public synchronized Runnable listen(Consumer<Status> listener) {
    listeners.add(listener);
    now()
        .onSuccess(
            status -> {
              if (last == null) {
                last = status.comparable();
              }
              listener.accept(status);
            });
    if (timer < 0) {
      timer = vertx.setPeriodic(PERIOD_MS, t -> look());
    }
    return () -> stop(listener);
  }

  private synchronized void stop(Consumer<Status> listener) {
    listeners.remove(listener);
    if (listeners.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
      last = null;
    }
  }

  private void look() {
    now()
        .onSuccess(
            status -> {
              List<Object> comparable = status.comparable();
              if (last != null && !last.equals(comparable)) {
                listeners.forEach(l -> l.accept(status));
              }
              last = comparable;
            })
        .onFailure(e -> LOG.warn("cluster status not read: {}", e.getMessage()));
  }
}
