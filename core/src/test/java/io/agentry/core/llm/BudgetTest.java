package io.agentry.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.llm.usage.Budget;
import io.agentry.core.llm.usage.BudgetScope;
import io.agentry.core.llm.usage.UsageTotals;
import io.agentry.core.testing.ScriptedTurn;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hard budgets with reservations, and usage accounting, against the real database. */
class BudgetTest {

  private static final int MAX_TOKENS = 100;

  private static ModelRig rig;

  @BeforeAll
  static void start() {
    rig = ModelRig.start(Map.of("AGENTRY_MODELS_MAX_TOKENS", Integer.toString(MAX_TOKENS)));
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  private static ChatRequest ask(UUID projectId, UUID taskId) {
    return ChatRequest.builder()
        .message(ChatMessage.user("Write the next function."))
        .context(CallContext.of(projectId, taskId, "coder", 6))
        .build();
  }

  /** What one call of {@link #ask} holds: the prompt's upper-bound estimate plus max_tokens. */
  private static long reservationOf(ChatRequest request) {
    return TokenEstimator.promptTokensUpperBound(request) + MAX_TOKENS;
  }

  @Test
  void a_budget_stops_a_run_exactly_at_its_cap() {
    UUID taskId = UUID.randomUUID();
    ChatRequest request = ask(null, taskId);
    long perCall = reservationOf(request);
    long cap = 4 * perCall;
    rig.usage.setBudget(BudgetScope.TASK, taskId, cap, null).await();
    int before = rig.server.received().size();
    for (int i = 0; i < 10; i++) {
      // The model uses all it may: usage equals the reservation, so the cap is reached exactly.
      rig.server.enqueue(
          ScriptedTurn.text("step " + i).withUsage(perCall - MAX_TOKENS, MAX_TOKENS));
    }

    int answered = 0;
    AgentryException stop = null;
    while (stop == null && answered < 10) {
      try {
        rig.client.chat(request).await();
        answered++;
      } catch (AgentryException e) {
        stop = e;
      }
    }

    assertThat(answered).isEqualTo(4);
    assertThat(stop.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
    assertThat(stop).hasMessageContaining("task " + taskId);
    assertThat(rig.server.received().size() - before)
        .as("refused calls never reach the model")
        .isEqualTo(4);
    Budget budget = rig.usage.budget(BudgetScope.TASK, taskId).await();
    assertThat(budget.spentTokens()).isEqualTo(cap);
    assertThat(budget.reservedTokens()).isZero();
  }

  @Test
  void concurrent_calls_against_one_budget_never_overshoot_it() {
    UUID projectId = UUID.randomUUID();
    UUID taskId = UUID.randomUUID();
    ChatRequest request = ask(projectId, taskId);
    long perCall = reservationOf(request);
    long cap = 5 * perCall + perCall / 2;
    rig.usage.setBudget(BudgetScope.PROJECT, projectId, cap, null).await();
    rig.usage.setBudget(BudgetScope.TASK, taskId, null, null).await();
    for (int i = 0; i < 20; i++) {
      rig.server.enqueue(
          ScriptedTurn.text("parallel " + i)
              .withUsage(perCall - MAX_TOKENS, MAX_TOKENS)
              .after(Duration.ofMillis(100)));
    }

    List<Future<ChatResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(rig.client.chat(request));
    }
    Future.join(calls).otherwiseEmpty().await();

    long succeeded = calls.stream().filter(Future::succeeded).count();
    assertThat(succeeded).isEqualTo(5);
    assertThat(calls.stream().filter(Future::failed))
        .allSatisfy(
            f ->
                assertThat(((AgentryException) f.cause()).code())
                    .isEqualTo(ErrorCode.BUDGET_EXCEEDED));
    Budget project = rig.usage.budget(BudgetScope.PROJECT, projectId).await();
    assertThat(project.spentTokens()).isEqualTo(5 * perCall).isLessThanOrEqualTo(cap);
    assertThat(project.reservedTokens()).isZero();
    Budget task = rig.usage.budget(BudgetScope.TASK, taskId).await();
    assertThat(task.spentTokens()).isEqualTo(5 * perCall);
  }

  @Test
  void a_cost_cap_refuses_a_call_whose_maximum_cost_does_not_fit() {
    UUID projectId = UUID.randomUUID();
    ChatRequest request = ask(projectId, null);
    // Price 1.5 / 6 USD per 1M: the call's maximum costs more than 0.0001 USD.
    rig.usage.setBudget(BudgetScope.PROJECT, projectId, null, new BigDecimal("0.0001")).await();

    assertThatThrownBy(() -> rig.client.chat(request).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED));
  }

  @Test
  void usage_and_cost_are_recorded_per_call_task_and_project_and_estimated_when_missing() {
    UUID projectId = UUID.randomUUID();
    UUID taskId = UUID.randomUUID();
    rig.server.enqueue(
        ScriptedTurn.text("reported").withUsage(1000, 200),
        ScriptedTurn.text("twelve chars").withoutUsage());

    ChatResponse reported = rig.client.chat(ask(projectId, taskId)).await();
    ChatResponse estimated = rig.client.chat(ask(projectId, UUID.randomUUID())).await();

    assertThat(reported.usage()).isEqualTo(new Usage(1000, 200, false));
    assertThat(estimated.usage().estimated()).isTrue();
    assertThat(estimated.usage().outputTokens()).isEqualTo(3); // 12 characters / 4
    UsageTotals task = rig.usage.totals(BudgetScope.TASK, taskId).await();
    assertThat(task.calls()).isEqualTo(1);
    // 1000 × 1.5 + 200 × 6 = 2700 USD per million tokens
    assertThat(task.cost()).isEqualByComparingTo("0.0027");
    UsageTotals project = rig.usage.totals(BudgetScope.PROJECT, projectId).await();
    assertThat(project.calls()).isEqualTo(2);
    assertThat(project.inputTokens()).isEqualTo(1000 + estimated.usage().inputTokens());
    Boolean flagged =
        rig.pool
            .preparedQuery("SELECT estimated FROM model_calls WHERE id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(estimated.callId()))
            .await()
            .iterator()
            .next()
            .getBoolean("estimated");
    assertThat(flagged).isTrue();
  }

  @Test
  void abandoned_reservations_are_released() {
    UUID taskId = UUID.randomUUID();
    rig.usage.setBudget(BudgetScope.TASK, taskId, 1000L, null).await();
    rig.usage
        .reserve(
            new io.agentry.core.llm.usage.Reservation(
                CallContext.of(null, taskId, "coder", 1),
                ModelTarget.parse(ModelRig.MODEL),
                600,
                BigDecimal.ZERO))
        .await();
    assertThat(rig.usage.budget(BudgetScope.TASK, taskId).await().reservedTokens()).isEqualTo(600);

    rig.usage.releaseAbandoned(Duration.ZERO).await();

    Budget budget = rig.usage.budget(BudgetScope.TASK, taskId).await();
    assertThat(budget.reservedTokens()).isZero();
    assertThat(budget.spentTokens()).isZero();
  }

  @Test
  void a_budget_set_after_calls_counts_what_they_spent_and_still_hold() {
    UUID projectId = UUID.randomUUID();
    CallContext context = CallContext.of(projectId, null, "coder", 1);
    ModelTarget target = ModelTarget.parse(ModelRig.MODEL);
    UUID done =
        rig.usage
            .reserve(
                new io.agentry.core.llm.usage.Reservation(context, target, 500, BigDecimal.ONE))
            .await();
    rig.usage
        .settle(
            done,
            io.agentry.core.llm.usage.CallOutcome.succeeded(
                new Usage(300, 100, false), new BigDecimal("0.25"), 1, 10))
        .await();
    UUID inFlight =
        rig.usage
            .reserve(
                new io.agentry.core.llm.usage.Reservation(context, target, 600, BigDecimal.ONE))
            .await();

    rig.usage.setBudget(BudgetScope.PROJECT, projectId, 10_000L, null).await();
    Budget set = rig.usage.budget(BudgetScope.PROJECT, projectId).await();
    assertThat(set.spentTokens()).isEqualTo(400);
    assertThat(set.spentCost()).isEqualByComparingTo("0.25");
    assertThat(set.reservedTokens()).isEqualTo(600);

    rig.usage
        .settle(
            inFlight,
            io.agentry.core.llm.usage.CallOutcome.succeeded(
                new Usage(200, 50, false), new BigDecimal("0.10"), 1, 10))
        .await();
    Budget settled = rig.usage.budget(BudgetScope.PROJECT, projectId).await();
    assertThat(settled.reservedTokens()).isZero();
    assertThat(settled.spentTokens()).isEqualTo(650);
    assertThat(settled.spentCost()).isEqualByComparingTo("0.35");
  }

  @AfterEach
  void dropUnusedTurns() {
    rig.server.clearScript();
  }
}
