package io.agentry.core.jobs;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The life of a job. Every change of state goes through {@link #checkTransition}; the table below
 * is the whole truth, and the store's SQL only ever moves a job along one of these edges.
 *
 * <pre>
 * queued → leased → running → succeeded
 * queued → running   (a worker claims for itself and starts at once)
 *                           → failed → queued (retry, after backoff) | dead (attempts exhausted)
 * leased → queued    (dispatch not acknowledged, worker left or shut down: no attempt burned)
 * running → queued   (lease expired or released: the attempt counts unless released gracefully)
 * running → awaiting_approval → queued (approved, or rejected with resumeOnReject)
 *                               | cancelled (rejected)
 * queued | leased | running | awaiting_approval → cancelled
 * dead → queued      (an operator retries a dead job)
 * </pre>
 */
public enum JobState {
  QUEUED,
  LEASED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  DEAD,
  AWAITING_APPROVAL,
  CANCELLED;

  private static final Map<JobState, Set<JobState>> ALLOWED =
      Map.of(
          QUEUED, EnumSet.of(LEASED, RUNNING, CANCELLED),
          LEASED, EnumSet.of(RUNNING, QUEUED, CANCELLED),
          RUNNING, EnumSet.of(SUCCEEDED, FAILED, QUEUED, DEAD, AWAITING_APPROVAL, CANCELLED),
          FAILED, EnumSet.of(QUEUED, DEAD),
          AWAITING_APPROVAL, EnumSet.of(QUEUED, CANCELLED),
          DEAD, EnumSet.of(QUEUED),
          SUCCEEDED, EnumSet.noneOf(JobState.class),
          CANCELLED, EnumSet.noneOf(JobState.class));

  /** States in which a node holds a lease on the job. */
  public static final Set<JobState> LEASED_STATES = EnumSet.of(LEASED, RUNNING);

  public boolean canMoveTo(JobState next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean isTerminal() {
    return ALLOWED.get(this).isEmpty();
  }

  /** Throws {@link ErrorCode#ILLEGAL_STATE} unless {@code from → to} is in the table. */
  public static void checkTransition(JobState from, JobState to) {
    if (!from.canMoveTo(to)) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE, "a job cannot move from " + from.db() + " to " + to.db());
    }
  }

  /** The value stored in the {@code jobs.state} column. */
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
