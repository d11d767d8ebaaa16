package io.agentry.core.goals;

import io.agentry.core.jobs.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The continuous loop's rules, as a pure function of a run, its plan and the outcome of the job it
 * waited for:
 *
 * <pre>
 * planning  → coding (each plan item in turn) → testing
 * testing   → reviewing when green; → debugging while debug rounds remain; else a new iteration
 * debugging → testing (the fix is verified by the next test run)
 * reviewing → completed when every quality gate passes; else a new iteration (coding with the
 *             failed gates and review comments as feedback) while iterations remain
 * </pre>
 *
 * A role that halts (stuck, budget) or a job that dies ends the goal or re-plans, per the policy;
 * the time limit is checked on every step. Kept free of I/O so it is tested table-driven.
 */
public final class GoalTransitions {

  private GoalTransitions() {}

  public static GoalDecision decide(
      GoalRun run, JsonObject plan, PhaseOutcome outcome, Instant now) {
    Draft draft = new Draft(run, plan);
    if (run.deadline() != null && now.isAfter(run.deadline())) {
      return draft.end(
          GoalState.STOPPED,
          "time limit of " + run.policy().maxMinutes() + " minutes reached in " + phaseName(run));
    }
    if (!outcome.succeeded()) {
      return ended(draft, run, outcome);
    }
    if (outcome.halted()) {
      return halted(draft, run, outcome);
    }
    Draft next =
        switch (run.phase()) {
          case PLANNING -> planned(draft, outcome.result());
          case CODING -> coded(draft, run);
          case TESTING -> tested(draft, run, outcome.result());
          case DEBUGGING ->
              draft
                  .to(GoalPhase.TESTING, "Testing the fix", 0)
                  .payload("verifyingFix", outcome.result());
          case REVIEWING -> reviewed(draft, run, outcome.result());
          case DONE -> draft.failing("the goal run was already done");
        };
    return next.build();
  }

  private static GoalDecision ended(Draft draft, GoalRun run, PhaseOutcome outcome) {
    if (outcome.state() == JobState.CANCELLED) {
      return draft.end(GoalState.CANCELLED, phaseName(run) + " job was cancelled");
    }
    return draft.end(
        GoalState.FAILED, phaseName(run) + " job " + outcome.state().db() + ": " + outcome.error());
  }

  private static GoalDecision halted(Draft draft, GoalRun run, PhaseOutcome outcome) {
    String code = outcome.haltCode();
    String reason = outcome.haltReason();
    if ("BUDGET_EXCEEDED".equals(code)) {
      return draft.end(GoalState.STOPPED, "budget exhausted in " + phaseName(run) + ": " + reason);
    }
    GoalPolicy policy = run.policy();
    if (policy.onStuck() == GoalPolicy.OnStuck.REPLAN && run.replans() < policy.maxReplans()) {
      return draft
          .event("Replanning", new JsonObject().put("code", code).put("reason", reason))
          .to(GoalPhase.PLANNING, "Re-planning after: " + reason, 0)
          .replans(run.replans() + 1)
          .payload("feedback", "The previous attempt stopped (" + code + "): " + reason)
          .build();
    }
    return draft.end(GoalState.STOPPED, phaseName(run) + " stopped (" + code + "): " + reason);
  }

  private static Draft planned(Draft draft, JsonObject result) {
    JsonObject newPlan = result.getJsonObject("plan");
    JsonArray items = GoalDecision.planItems(newPlan);
    if (items.isEmpty()) {
      return draft.failing("the architect produced no plan items");
    }
    return draft
        .plan(newPlan)
        .iteration(draft.run.iteration() + 1)
        .debugRounds(0)
        .cursor(0)
        .to(GoalPhase.CODING, codingStep(items, 0), 0)
        .payload("planItem", 0);
  }

  private static Draft coded(Draft draft, GoalRun run) {
    JsonArray items = GoalDecision.planItems(draft.plan);
    int next = run.planCursor() + 1;
    if (next < items.size()) {
      return draft
          .cursor(next)
          .to(GoalPhase.CODING, codingStep(items, next), 100 * next / items.size())
          .payload("planItem", next);
    }
    return draft
        .cursor(items.size())
        .to(GoalPhase.TESTING, "Testing (iteration " + run.iteration() + ")", 0);
  }

  private static Draft tested(Draft draft, GoalRun run, JsonObject tests) {
    draft.fact("tests", tests);
    if (tests.getBoolean("success", false)) {
      return draft
          .to(GoalPhase.REVIEWING, "Reviewing (iteration " + run.iteration() + ")", 0)
          .payload("tests", tests);
    }
    GoalPolicy policy = run.policy();
    if (run.debugRounds() < policy.maxDebugRounds()) {
      int round = run.debugRounds() + 1;
      return draft
          .debugRounds(round)
          .to(
              GoalPhase.DEBUGGING,
              "Debugging "
                  + failureSummary(tests)
                  + " (round "
                  + round
                  + "/"
                  + policy.maxDebugRounds()
                  + ")",
              0)
          .payload("failure", tests);
    }
    return nextIteration(
        draft,
        run,
        "tests still fail after "
            + policy.maxDebugRounds()
            + " debug rounds: "
            + failureSummary(tests));
  }

  private static Draft reviewed(Draft draft, GoalRun run, JsonObject review) {
    draft.fact("review", review);
    QualityGates.Verdict verdict = QualityGates.evaluate(run.policy(), draft.facts);
    draft.event(
        "GatesEvaluated",
        new JsonObject()
            .put("iteration", run.iteration())
            .put("passed", verdict.passed())
            .put("gates", verdict.toJson()));
    if (verdict.passed()) {
      return draft.complete(
          new JsonObject()
              .put("iterations", run.iteration())
              .put("gates", verdict.toJson())
              .put("review", review));
    }
    return nextIteration(draft, run, "quality gates not met: " + verdict.failures());
  }

  private static Draft nextIteration(Draft draft, GoalRun run, String why) {
    if (run.iteration() >= run.policy().maxIterations()) {
      return draft.stopping(why + " (after " + run.iteration() + " iterations, the limit)");
    }
    int iteration = run.iteration() + 1;
    return draft
        .iteration(iteration)
        .debugRounds(0)
        .to(GoalPhase.CODING, "Iteration " + iteration + ": addressing feedback", 0)
        .payload("feedback", why);
  }

  private static String codingStep(JsonArray items, int index) {
    JsonObject item = items.getJsonObject(index);
    return "Coding: "
        + item.getString("title", "plan item " + (index + 1))
        + " ("
        + (index + 1)
        + "/"
        + items.size()
        + ")";
  }

  static String failureSummary(JsonObject tests) {
    return tests.getInteger("failed", 0)
        + " failed, "
        + tests.getInteger("errors", 0)
        + " errors of "
        + (tests.getInteger("passed", 0)
            + tests.getInteger("failed", 0)
            + tests.getInteger("errors", 0))
        + " tests";
  }

  private static String phaseName(GoalRun run) {
    return run.phase().db();
  }

  /**
   * The decision being assembled: starts from the run's counters and changes what the rule says.
   */
  private static final class Draft {
    private final GoalRun run;
    private JsonObject plan;
    private final JsonObject facts;
    private final JsonObject payload = new JsonObject();
    private final List<GoalDecision.Event> events = new ArrayList<>();
    private GoalPhase next;
    private JsonObject newPlan;
    private int iteration;
    private int cursor;
    private int debugRounds;
    private int replans;
    private String currentStep = "";
    private int progress;
    private GoalState finalState;
    private String reason;

    Draft(GoalRun run, JsonObject plan) {
      this.run = run;
      this.plan = plan;
      this.facts = run.facts() == null ? new JsonObject() : run.facts().copy();
      this.iteration = run.iteration();
      this.cursor = run.planCursor();
      this.debugRounds = run.debugRounds();
      this.replans = run.replans();
    }

    Draft to(GoalPhase phase, String step, int percent) {
      this.next = phase;
      this.currentStep = step;
      this.progress = percent;
      return this;
    }

    Draft payload(String key, Object value) {
      payload.put(key, value);
      return this;
    }

    Draft plan(JsonObject value) {
      this.plan = value;
      this.newPlan = value;
      return this;
    }

    Draft iteration(int value) {
      this.iteration = value;
      return this;
    }

    Draft cursor(int value) {
      this.cursor = value;
      return this;
    }

    Draft debugRounds(int value) {
      this.debugRounds = value;
      return this;
    }

    Draft replans(int value) {
      this.replans = value;
      return this;
    }

    Draft fact(String key, JsonObject value) {
      facts.put(key, value);
      return this;
    }

    Draft event(String type, JsonObject body) {
      events.add(new GoalDecision.Event(type, body));
      return this;
    }

    Draft complete(JsonObject result) {
      this.next = null;
      this.finalState = GoalState.COMPLETED;
      this.reason = "all quality gates passed";
      this.currentStep = "Completed";
      this.progress = 100;
      payload.put("result", result);
      return this;
    }

    Draft stopping(String why) {
      return finishing(GoalState.STOPPED, why);
    }

    Draft failing(String why) {
      return finishing(GoalState.FAILED, why);
    }

    private Draft finishing(GoalState state, String why) {
      this.next = null;
      this.finalState = state;
      this.reason = why;
      this.currentStep = state.db() + ": " + why;
      return this;
    }

    GoalDecision end(GoalState state, String why) {
      return finishing(state, why).build();
    }

    GoalDecision build() {
      return new GoalDecision(
          next,
          payload,
          iteration,
          cursor,
          debugRounds,
          replans,
          facts,
          newPlan,
          currentStep,
          progress,
          finalState,
          reason,
          List.copyOf(events));
    }
  }
}
