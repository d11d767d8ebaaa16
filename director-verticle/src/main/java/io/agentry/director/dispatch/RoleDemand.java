package io.agentry.director.dispatch;

/**
 * Whether a role may have due jobs, as far as the director can tell. It starts as "may", and stays
 * so until a claim comes back short with nothing enqueued since its grant was sent (then the queue
 * held no more at that moment); an enqueue, a poll tick or a reaped lease makes it "may" again. A
 * claim held back by the role's concurrency limit waits instead until some pool of the role
 * finishes a job, which frees a place. Confined to the director's context.
 */
final class RoleDemand {

  private long enqueues;
  private boolean empty;
  private boolean atLimit;

  /** How many enqueue wake-ups the role has seen; a grant remembers it. */
  long enqueues() {
    return enqueues;
  }

  boolean mayHaveDueJobs() {
    return !empty && !atLimit;
  }

  void enqueued() {
    enqueues++;
    empty = false;
  }

  void mayBeDue() {
    empty = false;
    atLimit = false;
  }

  void placeFreed() {
    atLimit = false;
  }

  /** A pool's claim for a grant sent when the role had seen {@code enqueuesAtGrant} enqueues. */
  void claimAnswered(boolean claimShort, boolean cappedByLimit, long enqueuesAtGrant) {
    if (cappedByLimit) {
      atLimit = true;
    } else if (claimShort && enqueuesAtGrant == enqueues) {
      empty = true;
    }
  }
}
