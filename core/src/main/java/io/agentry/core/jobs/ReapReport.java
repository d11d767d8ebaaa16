package io.agentry.core.jobs;

/**
 * What one reaper pass did: leases never acknowledged by a worker returned to the queue (no attempt
 * burned), expired running leases retried, and expired leases whose attempts were exhausted moved
 * to dead.
 */
public record ReapReport(int unacknowledged, int retried, int dead) {
  public int total() {
    return unacknowledged + retried + dead;
  }
}
