package io.agentry.core.tasks;

import java.util.Locale;

/**
 * The phase of the plan a task is in, shown with a progress percentage: design → build → test →
 * review → complete. Unlike {@link TaskStatus} it is reported, not enforced: a re-plan may move it
 * back.
 */
public enum TaskStage {
  DESIGN,
  BUILD,
  TEST,
  REVIEW,
  COMPLETE;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskStage fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
