package io.agentry.director.goals;

import io.agentry.core.bus.Addresses;
import io.agentry.core.goals.GoalDecision;
import io.agentry.core.goals.GoalRun;
import io.agentry.core.goals.GoalStore;
import io.agentry.core.goals.GoalTransitions;
import io.agentry.core.goals.PhaseOutcome;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskService;
import io.agentry.core.tasks.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director's continuous loop over goals: finds running goals whose current job ended (or whose
 * task was cancelled, or whose time ran out), decides the next step with {@link GoalTransitions}
 * and applies it with {@link GoalStore#apply}. Everything it knows is in PostgreSQL, so a standby
 * director that takes over simply continues; a decision applied twice is refused by the run's step
 * guard. Passes never overlap: a wake-up during a pass schedules one more pass.
 */
public final class GoalLoop {

  private static final Logger LOG = LoggerFactory.getLogger(GoalLoop.class);
  private static final int BATCH = 100;
  private static final long COALESCE_MS = 50;

  private final Vertx vertx;
  private final GoalStore goals;
  private final JobStore jobs;
  private final TaskService tasks;
  private boolean passing;
  private boolean again;
  private boolean soon;

  public GoalLoop(Vertx vertx, GoalStore goals, JobStore jobs, TaskService tasks) {
    this.vertx = vertx;
    this.goals = goals;
    this.jobs = jobs;
    this.tasks = tasks;
  }

  /** Runs a pass now, or right after the one in progress. Call on the director's context. */
  public void wake() {
    if (passing) {
      again = true;
      return;
    }
    passing = true;
    pass()
        .onFailure(err -> LOG.warn("goal loop pass failed: {}", err.toString()))
        .onComplete(
            done -> {
              passing = false;
              if (again) {
                again = false;
                wake();
              }
            });
  }

  /**
   * Runs a pass within {@link #COALESCE_MS}: worker reports arrive by the hundred per second under
   * load, and one pass answers all of them.
   */
  public void wakeSoon() {
    if (!soon) {
      soon = true;
      vertx.setTimer(
          COALESCE_MS,
          t -> {
            soon = false;
            wake();
          });
    }
  }

  /** One pass; completes with the number of goals advanced. */
  public Future<Integer> pass() {
    return goals.awaitingDecision(BATCH).compose(this::advanceAll);
  }

  private Future<Integer> advanceAll(List<GoalRun> runs) {
    Future<Integer> count = Future.succeededFuture(0);
    for (GoalRun run : runs) {
      count = count.compose(n -> advance(run).map(applied -> applied ? n + 1 : n));
    }
    return count;
  }

  private Future<Boolean> advance(GoalRun run) {
    return Future.all(jobs.find(run.currentJobId()), tasks.get(run.taskId()))
        .compose(
            both -> {
              Job job = both.<java.util.Optional<Job>>resultAt(0).orElseThrow();
              Task task = both.resultAt(1);
              PhaseOutcome outcome = outcomeOf(job, task);
              GoalDecision decision =
                  GoalTransitions.decide(run, task.plan(), outcome, Instant.now());
              return goals
                  .apply(run, decision)
                  .compose(applied -> afterApply(run, job, decision, applied));
            })
        .recover(
            err -> {
              LOG.warn("goal {} could not advance: {}", run.taskId(), err.toString());
              return Future.succeededFuture(false);
            });
  }

  private static PhaseOutcome outcomeOf(Job job, Task task) {
    if (task.status() == TaskStatus.CANCELLED) {
      return PhaseOutcome.ended(JobState.CANCELLED, null, "the task was cancelled");
    }
    return PhaseOutcome.of(job);
  }

  private Future<Boolean> afterApply(GoalRun run, Job job, GoalDecision decision, boolean applied) {
    if (!applied) {
      return Future.succeededFuture(false);
    }
    LOG.info(
        "goal {}: {} → {}",
        run.taskId(),
        run.phase().db(),
        decision.ends()
            ? decision.finalState().db() + " (" + decision.reason() + ")"
            : decision.next().db());
    vertx
        .eventBus()
        .publish(
            Addresses.TASK_PROGRESS,
            new JsonObject()
                .put("projectId", run.projectId().toString())
                .put("taskId", run.taskId().toString())
                .put(
                    "status",
                    decision.ends()
                        ? decision.finalState().db()
                        : decision.next().taskStatus().db())
                .put("stage", decision.ends() ? "complete" : decision.next().taskStage().db())
                .put("progress", decision.progress())
                .put("currentStep", decision.currentStep()));
    if (decision.ends() && !job.state().isTerminal()) {
      // The goal ended while its job still runs (time limit, cancelled task): stop the job too.
      return jobs.cancel(job.id()).map(true);
    }
    return Future.succeededFuture(true);
  }
}
