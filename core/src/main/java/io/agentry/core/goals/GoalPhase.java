package io.agentry.core.goals;

import io.agentry.core.tasks.TaskStage;
import io.agentry.core.tasks.TaskStatus;
import java.util.Locale;

/**
 * Where a goal's loop stands, and what each phase means for the queue and for the task: the worker
 * pool (role) and job kind that do the phase's work, and the status and stage the goal's task shows
 * meanwhile.
 */
public enum GoalPhase {
  PLANNING("architect", "planning", TaskStatus.PLANNING, TaskStage.DESIGN),
  CODING("coder", "coding", TaskStatus.CODING, TaskStage.BUILD),
  TESTING("tester", "testing", TaskStatus.TESTING, TaskStage.TEST),
  DEBUGGING("debugger", "debugging", TaskStatus.DEBUGGING, TaskStage.TEST),
  REVIEWING("architect", "review", TaskStatus.REVIEWING, TaskStage.REVIEW),
  DONE(null, null, TaskStatus.COMPLETED, TaskStage.COMPLETE);

  private final String role;
  private final String jobKind;
  private final TaskStatus taskStatus;
  private final TaskStage taskStage;

  GoalPhase(String role, String jobKind, TaskStatus taskStatus, TaskStage taskStage) {
    this.role = role;
    this.jobKind = jobKind;
    this.taskStatus = taskStatus;
    this.taskStage = taskStage;
  }

  public String role() {
    return role;
  }

  public String jobKind() {
    return jobKind;
  }

  public TaskStatus taskStatus() {
    return taskStatus;
  }

  public TaskStage taskStage() {
    return taskStage;
  }

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GoalPhase fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
