package io.agentry.core.tasks;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a task is in its work. The table below is every allowed move; the director iterates between
 * the working states (coding → testing → debugging → coding …) until quality gates pass.
 *
 * <pre>
 * pending   → planning | coding | failed | cancelled
 * planning  → coding | reviewing | failed | cancelled
 * coding    → testing | reviewing | planning (re-plan) | failed | cancelled
 * testing   → debugging | coding | reviewing | completed | planning | failed | cancelled
 * debugging → coding | testing | planning | failed | cancelled
 * reviewing → coding (changes requested) | planning | completed | failed | cancelled
 * failed    → pending (tried again)
 * completed, cancelled: final
 * </pre>
 */
public enum TaskStatus {
  PENDING,
  PLANNING,
  CODING,
  TESTING,
  DEBUGGING,
  REVIEWING,
  COMPLETED,
  FAILED,
  CANCELLED;

  private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED =
      Map.of(
          PENDING, EnumSet.of(PLANNING, CODING, FAILED, CANCELLED),
          PLANNING, EnumSet.of(CODING, REVIEWING, FAILED, CANCELLED),
          CODING, EnumSet.of(TESTING, REVIEWING, PLANNING, FAILED, CANCELLED),
          TESTING, EnumSet.of(DEBUGGING, CODING, REVIEWING, COMPLETED, PLANNING, FAILED, CANCELLED),
          DEBUGGING, EnumSet.of(CODING, TESTING, PLANNING, FAILED, CANCELLED),
          REVIEWING, EnumSet.of(CODING, PLANNING, COMPLETED, FAILED, CANCELLED),
          COMPLETED, EnumSet.noneOf(TaskStatus.class),
          FAILED, EnumSet.of(PENDING),
          CANCELLED, EnumSet.noneOf(TaskStatus.class));

  /** Finished states: {@code completed_at} is set, the task no longer loads its agent. */
  public static final Set<TaskStatus> FINISHED = EnumSet.of(COMPLETED, FAILED, CANCELLED);

  public boolean canMoveTo(TaskStatus next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean isFinished() {
    return FINISHED.contains(this);
  }

  /** Throws {@code ILLEGAL_STATE} unless {@code from → to} is in the table. */
  public static void checkTransition(TaskStatus from, TaskStatus to) {
    if (!from.canMoveTo(to)) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE, "a task cannot move from " + from.db() + " to " + to.db());
    }
  }

  /** The value stored in {@code tasks.status}. */
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
