package io.agentry.core.goals;

import java.util.Locale;

/**
 * A goal run's outcome so far: {@code RUNNING} until the quality gates pass ({@code COMPLETED}), a
 * limit or the stuck policy ends it ({@code STOPPED}, with a reason), a job fails for good ({@code
 * FAILED}), or a person cancels the task ({@code CANCELLED}).
 */
public enum GoalState {
  RUNNING,
  COMPLETED,
  STOPPED,
  FAILED,
  CANCELLED;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GoalState fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
