package io.agentry.director.dispatch;

import io.agentry.core.bus.Addresses;
import io.agentry.core.config.AgentryConfig.QueueSettings;
import io.agentry.core.jobs.bus.Grant;
import io.agentry.core.jobs.bus.WorkerReport;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Grants worker pools that have credit the leave to claim due jobs, over the event bus; each pool
 * claims for itself and starts what it gets in the same write (docs/adr/0010). The database decides
 * ownership; a lost grant leaves nothing behind.
 *
 * <p>Grants go only to roles that may have due jobs ({@link RoleDemand}): a role's claim that came
 * back short, with nothing enqueued since the grant, means there are none until the next enqueue,
 * wake-up or poll. That keeps an empty queue from being claimed in a loop, since every claim is
 * answered by a report, and every report returns credit.
 */
public final class Dispatcher {

  /** A pool that has not reported for this many poll intervals is considered gone. */
  private static final int SILENCE_INTERVALS = 5;

  private final Vertx vertx;
  private final QueueSettings queue;
  private final String directorId;
  private final Map<String, PoolView> pools = new HashMap<>();
  private final Map<String, RoleDemand> demand = new HashMap<>();
  private boolean active;

  public Dispatcher(Vertx vertx, QueueSettings queue, String directorId) {
    this.vertx = vertx;
    this.queue = queue;
    this.directorId = directorId;
  }

  public void setActive(boolean active) {
    this.active = active;
    if (active) {
      workMayBeDue();
    }
  }

  public void onReport(WorkerReport report) {
    long now = System.nanoTime();
    PoolView pool =
        pools.computeIfAbsent(
            key(report.nodeId(), report.role()), k -> new PoolView(report.nodeId(), report.role()));
    long finishedBefore = pool.finished();
    long enqueuesAtGrant = pool.onReport(report, directorId, now);
    RoleDemand role = demandOf(report.role());
    if (report.finished() > finishedBefore) {
      role.placeFreed();
    }
    if (enqueuesAtGrant >= 0) {
      role.claimAnswered(report.claimShort(), report.claimCapped(), enqueuesAtGrant);
    }
    wake();
  }

  /** Jobs of {@code role} were enqueued (a NOTIFY from the database). */
  public void jobsEnqueued(String role) {
    demandOf(role).enqueued();
    wake();
  }

  /**
   * Jobs of any role may be due without an enqueue: retries whose back-off ran out, leases returned
   * by the reaper, a poll tick, a new term as director.
   */
  public void workMayBeDue() {
    demand.values().forEach(RoleDemand::mayBeDue);
    wake();
  }

  /** Forget every pool of a node that left the cluster. */
  public void forgetNode(String nodeId) {
    pools.values().removeIf(p -> p.nodeId().equals(nodeId));
  }

  /** Sends every grant that credit and demand allow now; cheap, so it runs on every change. */
  public void wake() {
    if (!active) {
      return;
    }
    long now = System.nanoTime();
    long ackNanos = queue.ackTimeoutMs() * 1_000_000L;
    pools
        .values()
        .removeIf(p -> p.silentSince(now, SILENCE_INTERVALS * queue.pollIntervalMs() * 1_000_000L));
    for (PoolView pool : pools.values()) {
      RoleDemand role = demandOf(pool.role());
      int credit = pool.credit(now, ackNanos);
      if (role.mayHaveDueJobs() && pool.worthGranting(credit, queue.dispatchBatch())) {
        int count = Math.min(credit, queue.dispatchBatch());
        long seq = pool.nextSeq(count, now, role.enqueues());
        Grant grant = new Grant(directorId, seq, pool.role(), count);
        vertx.eventBus().send(Addresses.workerDispatch(pool.nodeId()), grant.toJson());
      }
    }
  }

  private RoleDemand demandOf(String role) {
    return demand.computeIfAbsent(role, r -> new RoleDemand());
  }

  private static String key(String nodeId, String role) {
    return nodeId + "/" + role;
  }
}
