package io.agentry.director.dispatch;

import io.agentry.core.jobs.bus.WorkerReport;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The director's view of one worker pool (a role on a node): its last report plus the dispatches
 * sent since that the worker has not acknowledged. Credit = capacity − held − unacknowledged.
 * Dispatches unacknowledged for longer than the ack timeout were lost; the pool is then left alone
 * for a while (it still claims for itself) and the leases return to the queue through the reaper.
 */
final class PoolView {

  private static final long MAX_SUSPEND_NANOS = 30_000_000_000L;

  private final String nodeId;
  private final String role;
  private final Deque<Sent> unacknowledged = new ArrayDeque<>();
  private WorkerReport last;
  private long reportedAtNanos;
  private long seq;
  private long suspendedUntilNanos;
  private int losses;

  PoolView(String nodeId, String role) {
    this.nodeId = nodeId;
    this.role = role;
  }

  String nodeId() {
    return nodeId;
  }

  String role() {
    return role;
  }

  void onReport(WorkerReport report, String directorId, long now) {
    last = report;
    reportedAtNanos = now;
    if (directorId.equals(report.directorId())) {
      while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().seq() <= report.seenSeq()) {
        unacknowledged.pollFirst();
        losses = 0;
      }
    }
  }

  /** How many more jobs this pool may be sent now. */
  int credit(long now, long ackTimeoutNanos) {
    expireLost(now, ackTimeoutNanos);
    if (last == null || last.draining() || now < suspendedUntilNanos) {
      return 0;
    }
    return Math.max(0, last.capacity() - last.inFlight() - pending());
  }

  /**
   * Whether {@code credit} is worth a claim now. A busy pool waits until a quarter of its capacity
   * (at most {@code batch}) is free, so that returned credit is not spent one job at a time — tiny
   * claims would make every database write tiny. An idle pool takes whatever there is at once.
   */
  boolean worthClaiming(int credit, int batch) {
    if (credit <= 0) {
      return false;
    }
    boolean idle = last.inFlight() + pending() == 0;
    return idle || credit >= Math.min(batch, Math.max(1, last.capacity() / 4));
  }

  private int pending() {
    return unacknowledged.stream().mapToInt(Sent::count).sum();
  }

  long nextSeq(int count, long now) {
    seq++;
    unacknowledged.addLast(new Sent(seq, count, now));
    return seq;
  }

  boolean silentSince(long now, long limitNanos) {
    return now - reportedAtNanos > limitNanos;
  }

  private void expireLost(long now, long ackTimeoutNanos) {
    boolean lost = false;
    while (!unacknowledged.isEmpty()
        && now - unacknowledged.peekFirst().sentAtNanos() > ackTimeoutNanos) {
      unacknowledged.pollFirst();
      lost = true;
    }
    if (lost) {
      losses++;
      long backoff = Math.min(MAX_SUSPEND_NANOS, ackTimeoutNanos << Math.min(losses, 4));
      suspendedUntilNanos = now + backoff;
    }
  }

  private record Sent(long seq, int count, long sentAtNanos) {}
}
