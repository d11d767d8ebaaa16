package io.agentry.director.dispatch;

import io.agentry.core.bus.Addresses;
import io.agentry.core.config.AgentryConfig.QueueSettings;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.bus.Dispatch;
import io.agentry.core.jobs.bus.WorkerReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due jobs for worker pools that have credit and sends them over the event bus. Only one
 * pump runs at a time; wake-ups during a pump (new jobs, returned credit) run another right after.
 * The database decides ownership: a claim leases jobs to the target node before anything is sent,
 * so a lost message only delays a job until its unacknowledged lease returns to the queue.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** A pool that has not reported for this many poll intervals is considered gone. */
  private static final int SILENCE_INTERVALS = 5;

  private final Vertx vertx;
  private final JobStore store;
  private final QueueSettings queue;
  private final String directorId;
  private final Map<String, PoolView> pools = new HashMap<>();
  private boolean active;
  private boolean pumping;
  private boolean wakeAgain;

  public Dispatcher(Vertx vertx, JobStore store, QueueSettings queue, String directorId) {
    this.vertx = vertx;
    this.store = store;
    this.queue = queue;
    this.directorId = directorId;
  }

  public void setActive(boolean active) {
    this.active = active;
    if (active) {
      wake();
    }
  }

  public void onReport(WorkerReport report) {
    long now = System.nanoTime();
    pools
        .computeIfAbsent(
            key(report.nodeId(), report.role()), k -> new PoolView(report.nodeId(), report.role()))
        .onReport(report, directorId, now);
    wake();
  }

  /** Forget every pool of a node that left the cluster. */
  public void forgetNode(String nodeId) {
    pools.values().removeIf(p -> p.nodeId().equals(nodeId));
  }

  public void wake() {
    if (!active) {
      return;
    }
    if (pumping) {
      wakeAgain = true;
      return;
    }
    pump();
  }

  private void pump() {
    pumping = true;
    wakeAgain = false;
    long now = System.nanoTime();
    long ackNanos = queue.ackTimeoutMs() * 1_000_000L;
    pools
        .values()
        .removeIf(p -> p.silentSince(now, SILENCE_INTERVALS * queue.pollIntervalMs() * 1_000_000L));
    List<Future<Boolean>> claims = new ArrayList<>();
    for (PoolView pool : pools.values()) {
      int credit = pool.credit(now, ackNanos);
      if (pool.worthClaiming(credit, queue.dispatchBatch())) {
        claims.add(claimAndSend(pool, Math.min(credit, queue.dispatchBatch())));
      }
    }
    if (claims.isEmpty()) {
      pumping = false;
      return;
    }
    Future.join(claims)
        .onComplete(
            done -> {
              pumping = false;
              boolean more = claims.stream().anyMatch(f -> f.succeeded() && f.result());
              if ((more || wakeAgain) && active) {
                vertx.runOnContext(v -> wake());
              }
            });
  }

  /** Returns true when the claim was full, i.e. more jobs may be waiting. */
  private Future<Boolean> claimAndSend(PoolView pool, int credit) {
    return store
        .claimLeases(pool.role(), pool.nodeId(), credit, queue.ackTimeout())
        .map(
            jobs -> {
              if (!jobs.isEmpty()) {
                long seq = pool.nextSeq(jobs.size(), System.nanoTime());
                Dispatch dispatch = new Dispatch(directorId, seq, pool.role(), jobs);
                vertx.eventBus().send(Addresses.workerDispatch(pool.nodeId()), dispatch.toJson());
              }
              return jobs.size() == credit;
            })
        .onFailure(
            err ->
                LOG.warn(
                    "claim for {} on {} failed: {}", pool.role(), pool.nodeId(), err.toString()));
  }

  private static String key(String nodeId, String role) {
    return nodeId + "/" + role;
  }
}
