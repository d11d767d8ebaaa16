package io.agentry.director.dispatch;

import io.agentry.core.jobs.bus.WorkerReport;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The director's view of one worker pool (a role on a node): its last report plus the grants sent
 * since that the worker has not acknowledged. Credit = capacity − held − granted and
 * unacknowledged. Grants unacknowledged for longer than the ack timeout were lost; the pool is then
 * left alone for a while (it still claims for itself when it hears nothing).
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
  private long lastGrantSeq;
  private long lastGrantEnqueues;

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

  /**
   * Takes the report in. Returns the role's enqueue count when the grant the report's claim answers
   * was sent (see {@link Dispatcher}), or -1 when the report answers no grant of this director.
   */
  long onReport(WorkerReport report, String directorId, long now) {
    last = report;
    reportedAtNanos = now;
    long enqueuesAtGrant = -1;
    if (directorId.equals(report.directorId())) {
      if (report.claimedForSeq() > 0 && report.claimedForSeq() == lastGrantSeq) {
        enqueuesAtGrant = lastGrantEnqueues;
      }
      while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().seq() <= report.seenSeq()) {
        unacknowledged.pollFirst();
        losses = 0;
      }
    }
    return enqueuesAtGrant;
  }

  /** Jobs this pool has finished, by its last report. */
  long finished() {
    return last == null ? 0 : last.finished();
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
   * Whether {@code credit} is worth a grant now. A busy pool waits until a quarter of its capacity
   * (at most {@code batch}) is free, so that returned credit is not spent one job at a time — tiny
   * claims would make every database write tiny. An idle pool takes whatever there is at once.
   */
  boolean worthGranting(int credit, int batch) {
    if (credit <= 0) {
      return false;
    }
    boolean idle = last.inFlight() + pending() == 0;
    return idle || credit >= Math.min(batch, Math.max(1, last.capacity() / 4));
  }

  private int pending() {
    return unacknowledged.stream().mapToInt(Sent::count).sum();
  }

  /** Numbers a grant of {@code count} made when the role had seen {@code enqueues} wake-ups. */
  long nextSeq(int count, long now, long enqueues) {
    seq++;
    unacknowledged.addLast(new Sent(seq, count, now));
    lastGrantSeq = seq;
    lastGrantEnqueues = enqueues;
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
