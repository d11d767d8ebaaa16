package io.agentry.core.goals;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.jobs.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoalTransitionsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final JsonObject PLAN =
      new JsonObject()
          .put(
              "tasks",
              new JsonArray()
                  .add(new JsonObject().put("title", "stats module"))
                  .add(new JsonObject().put("title", "cli")));

  private static GoalRun run(GoalPhase phase, int iteration, int cursor, int debugRounds) {
    return run(phase, iteration, cursor, debugRounds, 0, GoalPolicy.defaults(), new JsonObject());
  }

  private static GoalRun run(
      GoalPhase phase,
      int iteration,
      int cursor,
      int debugRounds,
      int replans,
      GoalPolicy policy,
      JsonObject facts) {
    return new GoalRun(
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        GoalState.RUNNING,
        phase,
        iteration,
        3,
        7L,
        cursor,
        debugRounds,
        replans,
        policy,
        facts,
        null,
        NOW.plusSeconds(600),
        NOW,
        NOW,
        null);
  }

  private static PhaseOutcome ok(JsonObject result) {
    return PhaseOutcome.succeeded(result);
  }

  private static JsonObject tests(boolean success) {
    return new JsonObject().put("success", success).put("passed", 3).put("failed", success ? 0 : 1);
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        Arguments.of(
            "plan → first item",
            run(GoalPhase.PLANNING, 0, 0, 0),
            ok(new JsonObject().put("plan", PLAN)),
            GoalPhase.CODING,
            1,
            0,
            0),
        Arguments.of(
            "first item → second",
            run(GoalPhase.CODING, 1, 0, 0),
            ok(new JsonObject()),
            GoalPhase.CODING,
            1,
            1,
            0),
        Arguments.of(
            "last item → testing",
            run(GoalPhase.CODING, 1, 1, 0),
            ok(new JsonObject()),
            GoalPhase.TESTING,
            1,
            2,
            0),
        Arguments.of(
            "green → review",
            run(GoalPhase.TESTING, 1, 2, 0),
            ok(tests(true)),
            GoalPhase.REVIEWING,
            1,
            2,
            0),
        Arguments.of(
            "red → debug",
            run(GoalPhase.TESTING, 1, 2, 0),
            ok(tests(false)),
            GoalPhase.DEBUGGING,
            1,
            2,
            1),
        Arguments.of(
            "fix → retest",
            run(GoalPhase.DEBUGGING, 1, 2, 1),
            ok(new JsonObject().put("summary", "fixed")),
            GoalPhase.TESTING,
            1,
            2,
            1),
        Arguments.of(
            "red, debug rounds used → next iteration",
            run(GoalPhase.TESTING, 1, 2, 3),
            ok(tests(false)),
            GoalPhase.CODING,
            2,
            2,
            0),
        Arguments.of(
            "review rejected → next iteration",
            run(
                GoalPhase.REVIEWING,
                1,
                2,
                0,
                0,
                GoalPolicy.defaults(),
                new JsonObject().put("tests", tests(true))),
            ok(new JsonObject().put("approved", false).put("comments", "split module")),
            GoalPhase.CODING,
            2,
            2,
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void theLoopMovesByTheTable(
      String name,
      GoalRun run,
      PhaseOutcome outcome,
      GoalPhase next,
      int iteration,
      int cursor,
      int debugRounds) {
    GoalDecision decision = GoalTransitions.decide(run, PLAN, outcome, NOW);

    assertThat(decision.next()).isEqualTo(next);
    assertThat(decision.iteration()).isEqualTo(iteration);
    assertThat(decision.planCursor()).isEqualTo(cursor);
    assertThat(decision.debugRounds()).isEqualTo(debugRounds);
    assertThat(decision.currentStep()).isNotBlank();
  }

  @Test
  void aPlanIsStoredAndItsFirstItemCoded() {
    GoalDecision decision =
        GoalTransitions.decide(
            run(GoalPhase.PLANNING, 0, 0, 0), null, ok(new JsonObject().put("plan", PLAN)), NOW);

    assertThat(decision.plan()).isEqualTo(PLAN);
    assertThat(decision.jobPayload().getInteger("planItem")).isZero();
    assertThat(decision.currentStep()).isEqualTo("Coding: stats module (1/2)");
  }

  @Test
  void anEmptyPlanFailsTheGoal() {
    GoalDecision decision =
        GoalTransitions.decide(
            run(GoalPhase.PLANNING, 0, 0, 0),
            null,
            ok(new JsonObject().put("plan", new JsonObject().put("tasks", new JsonArray()))),
            NOW);

    assertThat(decision.finalState()).isEqualTo(GoalState.FAILED);
    assertThat(decision.reason()).contains("no plan items");
  }

  @Test
  void approvedGreenReviewCompletesWithTheGates() {
    GoalRun reviewing =
        run(
            GoalPhase.REVIEWING,
            2,
            2,
            0,
            0,
            GoalPolicy.defaults(),
            new JsonObject().put("tests", tests(true)));

    GoalDecision decision =
        GoalTransitions.decide(reviewing, PLAN, ok(new JsonObject().put("approved", true)), NOW);

    assertThat(decision.finalState()).isEqualTo(GoalState.COMPLETED);
    assertThat(decision.events())
        .extracting(GoalDecision.Event::type)
        .containsExactly("GatesEvaluated");
    assertThat(decision.jobPayload().getJsonObject("result").getInteger("iterations")).isEqualTo(2);
  }

  @Test
  void aCoverageGateBelowThresholdStartsAnotherIteration() {
    GoalPolicy policy = GoalPolicy.fromJson(new JsonObject().put("minCoverage", 80.0));
    GoalRun reviewing =
        run(
            GoalPhase.REVIEWING,
            1,
            2,
            0,
            0,
            policy,
            new JsonObject().put("tests", tests(true).put("coverage", 61.5)));

    GoalDecision decision =
        GoalTransitions.decide(reviewing, PLAN, ok(new JsonObject().put("approved", true)), NOW);

    assertThat(decision.next()).isEqualTo(GoalPhase.CODING);
    assertThat(decision.jobPayload().getString("feedback")).contains("coverage (61.5% of 80.0%");
  }

  @Test
  void theLastIterationStopsWithTheReason() {
    GoalPolicy policy = GoalPolicy.fromJson(new JsonObject().put("maxIterations", 1));
    GoalRun reviewing =
        run(GoalPhase.REVIEWING, 1, 2, 0, 0, policy, new JsonObject().put("tests", tests(true)));

    GoalDecision decision =
        GoalTransitions.decide(
            reviewing,
            PLAN,
            ok(new JsonObject().put("approved", false).put("comments", "no")),
            NOW);

    assertThat(decision.finalState()).isEqualTo(GoalState.STOPPED);
    assertThat(decision.reason())
        .contains("architect approval (no)")
        .contains("after 1 iterations");
  }

  @Test
  void aStuckRoleReplansOnceThenStops() {
    PhaseOutcome stuck =
        ok(
            new JsonObject()
                .put(
                    "halt",
                    new JsonObject().put("code", "STUCK").put("reason", "same action 4 times")));

    GoalDecision first = GoalTransitions.decide(run(GoalPhase.CODING, 1, 0, 0), PLAN, stuck, NOW);
    GoalDecision second =
        GoalTransitions.decide(
            run(GoalPhase.CODING, 1, 0, 0, 1, GoalPolicy.defaults(), new JsonObject()),
            PLAN,
            stuck,
            NOW);

    assertThat(first.next()).isEqualTo(GoalPhase.PLANNING);
    assertThat(first.replans()).isEqualTo(1);
    assertThat(second.finalState()).isEqualTo(GoalState.STOPPED);
    assertThat(second.reason()).isEqualTo("coding stopped (STUCK): same action 4 times");
  }

  @Test
  void anExhaustedBudgetStopsAtOnce() {
    PhaseOutcome broke =
        ok(
            new JsonObject()
                .put(
                    "halt",
                    new JsonObject()
                        .put("code", "BUDGET_EXCEEDED")
                        .put("reason", "project cap 1000 tokens")));

    GoalDecision decision =
        GoalTransitions.decide(run(GoalPhase.TESTING, 1, 2, 0), PLAN, broke, NOW);

    assertThat(decision.finalState()).isEqualTo(GoalState.STOPPED);
    assertThat(decision.reason()).startsWith("budget exhausted in testing");
  }

  @Test
  void aDeadJobFailsAndACancelledOneCancels() {
    GoalDecision dead =
        GoalTransitions.decide(
            run(GoalPhase.CODING, 1, 0, 0), PLAN,
            PhaseOutcome.ended(JobState.DEAD, "java.lang.IllegalStateException", "boom"), NOW);
    GoalDecision cancelled =
        GoalTransitions.decide(
            run(GoalPhase.CODING, 1, 0, 0),
            PLAN,
            PhaseOutcome.ended(JobState.CANCELLED, null, null),
            NOW);

    assertThat(dead.finalState()).isEqualTo(GoalState.FAILED);
    assertThat(dead.reason()).isEqualTo("coding job dead: boom");
    assertThat(cancelled.finalState()).isEqualTo(GoalState.CANCELLED);
  }

  @Test
  void aPassedDeadlineStopsWhateverTheOutcome() {
    GoalDecision decision =
        GoalTransitions.decide(
            run(GoalPhase.CODING, 1, 0, 0), PLAN, ok(new JsonObject()), NOW.plusSeconds(3600));

    assertThat(decision.finalState()).isEqualTo(GoalState.STOPPED);
    assertThat(decision.reason()).startsWith("time limit of 240 minutes reached");
  }

  @Test
  void unknownPolicyFieldsAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GoalPolicy.fromJson(new JsonObject().put("maxIteration", 3)))
        .hasMessageContaining("unknown goal policy field 'maxIteration'");
  }
}
