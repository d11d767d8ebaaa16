package io.agentry.core.llm.usage;

import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ModelTarget;
import io.agentry.core.llm.usage.pg.PgUsageStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

/**
 * Token and cost accounting (one {@code model_calls} row per call) and hard budgets per project and
 * task, in PostgreSQL.
 *
 * <p>Every call is bracketed: {@link #reserve} holds the call's maximum against the budgets of its
 * project and task — atomically, refusing with {@code BUDGET_EXCEEDED} when any cap would be passed
 * — and {@link #settle} replaces the hold with what the call really consumed. Spending can pass a
 * cap only when a call consumes more than it reserved, which an upper-bound reservation prevents.
 */
public interface UsageStore {

  static UsageStore create(Pool pool) {
    return PgUsageStore.create(pool);
  }

  /**
   * Creates or changes a budget's caps (null = unlimited); spending so far is kept. A new budget
   * starts with the calls its scope made before it (spent) and has in flight (reserved).
   */
  Future<Void> setBudget(BudgetScope scope, UUID scopeId, Long tokenCap, BigDecimal costCap);

  /** The budget, or null when the scope has none. */
  Future<Budget> budget(BudgetScope scope, UUID scopeId);

  /**
   * Holds {@code reservation} against the budgets of its project and task (those that exist) and
   * records the call as reserved.
   *
   * @return the call's id, to settle it with
   */
  Future<UUID> reserve(Reservation reservation);

  /** Settles a reserved call; settling a call twice changes nothing. */
  Future<Void> settle(UUID callId, CallOutcome outcome);

  /** Records a call answered from the cache: nothing reserved, nothing spent. */
  Future<UUID> recordCached(CallContext context, ModelTarget target, long latencyMs);

  Future<UsageTotals> totals(BudgetScope scope, UUID scopeId);

  /**
   * Releases reservations of calls that never settled (their node died mid-call) and are older than
   * {@code age}, so budgets are not held forever.
   *
   * @return how many were released
   */
  Future<Integer> releaseAbandoned(Duration age);
}
