package io.agentry.core.llm.usage.pg;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ModelTarget;
import io.agentry.core.llm.Usage;
import io.agentry.core.llm.usage.Budget;
import io.agentry.core.llm.usage.BudgetScope;
import io.agentry.core.llm.usage.CallOutcome;
import io.agentry.core.llm.usage.Reservation;
import io.agentry.core.llm.usage.UsageStore;
import io.agentry.core.llm.usage.UsageTotals;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** {@link UsageStore} on the {@code model_calls} and {@code budgets} tables (migration V5). */
public final class PgUsageStore implements UsageStore {

  /*
   * One statement: lock the call's budgets in id order (so concurrent reservations and settlements
   * cannot deadlock), refuse if any would pass a cap, else add the reservation and insert the call.
   * FOR UPDATE returns the newest committed version of each row, so the cap check sees every
   * reservation committed before ours; the UPDATE applies to that same version.
   */
  private static final String RESERVE =
      """
      WITH targets AS (
        SELECT id, scope, scope_id, token_cap, cost_cap,
               spent_tokens, reserved_tokens, spent_cost, reserved_cost
        FROM budgets
        WHERE (scope = 'project' AND scope_id = $2::uuid) OR (scope = 'task' AND scope_id = $3::uuid)
        ORDER BY id
        FOR UPDATE
      ), refused AS (
        SELECT scope, scope_id FROM targets
        WHERE (token_cap IS NOT NULL AND spent_tokens + reserved_tokens + $8::bigint > token_cap)
           OR (cost_cap IS NOT NULL AND spent_cost + reserved_cost + $9::numeric > cost_cap)
      ), held AS (
        UPDATE budgets b
        SET reserved_tokens = b.reserved_tokens + $8::bigint,
            reserved_cost = b.reserved_cost + $9::numeric,
            updated_at = now()
        FROM targets t
        WHERE b.id = t.id AND NOT EXISTS (SELECT 1 FROM refused)
        RETURNING b.id
      ), call AS (
        INSERT INTO model_calls
          (id, project_id, task_id, job_id, agent_id, provider, model, reserved_tokens, reserved_cost)
        SELECT $1::uuid, $2::uuid, $3::uuid, $4::bigint, $5::uuid, $6::text, $7::text,
               $8::bigint, $9::numeric
        WHERE NOT EXISTS (SELECT 1 FROM refused)
        RETURNING id
      )
      SELECT (SELECT count(*) FROM call) AS inserted,
             (SELECT count(*) FROM held) AS held,
             (SELECT string_agg(scope || ' ' || scope_id, ', ') FROM refused) AS refused
      """;

  /*
   * Settles once (status 'reserved' guards it): the hold leaves `reserved`, the usage enters `spent`.
   * A budget created while the call was in flight may not hold the call's reservation; `reserved`
   * then stays at zero instead of going negative.
   */
  private static final String SETTLE =
      """
      WITH call AS (
        UPDATE model_calls
        SET status = $2, input_tokens = $3, output_tokens = $4, cost = $5::numeric,
            estimated = $6, attempts = $7, latency_ms = $8, error_code = $9, settled_at = now()
        WHERE id = $1 AND status = 'reserved'
        RETURNING project_id, task_id, reserved_tokens, reserved_cost
      ), locked AS (
        SELECT b.id FROM budgets b, call c
        WHERE (b.scope = 'project' AND b.scope_id = c.project_id)
           OR (b.scope = 'task' AND b.scope_id = c.task_id)
        ORDER BY b.id
        FOR UPDATE OF b
      )
      UPDATE budgets b
      SET reserved_tokens = greatest(b.reserved_tokens - c.reserved_tokens, 0),
          reserved_cost = greatest(b.reserved_cost - c.reserved_cost, 0),
          spent_tokens = b.spent_tokens + $3 + $4,
          spent_cost = b.spent_cost + $5::numeric,
          updated_at = now()
      FROM call c
      WHERE b.id IN (SELECT id FROM locked)
      """;

  /*
   * A new budget starts with what its scope has already spent and holds in flight, so a cap set
   * late still counts every call; an existing one keeps its sums and gets the new caps.
   */
  private static final String SET_BUDGET =
      """
      INSERT INTO budgets
        (scope, scope_id, token_cap, cost_cap, reserved_tokens, reserved_cost, spent_tokens, spent_cost)
      SELECT $1, $2, $3, $4::numeric,
             coalesce(sum(reserved_tokens) FILTER (WHERE status = 'reserved'), 0),
             coalesce(sum(reserved_cost) FILTER (WHERE status = 'reserved'), 0),
             coalesce(sum(input_tokens + output_tokens) FILTER (WHERE status <> 'reserved'), 0),
             coalesce(sum(cost) FILTER (WHERE status <> 'reserved'), 0)
      FROM model_calls
      WHERE CASE WHEN $1 = 'project' THEN project_id = $2 ELSE task_id = $2 END
      ON CONFLICT (scope, scope_id)
      DO UPDATE SET token_cap = EXCLUDED.token_cap, cost_cap = EXCLUDED.cost_cap, updated_at = now()
      """;

  private static final String BUDGET =
      """
      SELECT scope, scope_id, token_cap, cost_cap, reserved_tokens, reserved_cost,
             spent_tokens, spent_cost
      FROM budgets WHERE scope = $1 AND scope_id = $2
      """;

  private static final String RECORD_CACHED =
      """
      INSERT INTO model_calls (id, project_id, task_id, job_id, agent_id, provider, model, status,
                               cached, latency_ms, settled_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'ok', true, $8, now())
      """;

  private static final String TOTALS =
      """
      SELECT count(*) AS calls, coalesce(sum(input_tokens), 0) AS input_tokens,
             coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(cost), 0) AS cost
      FROM model_calls WHERE %s = $1 AND status <> 'reserved'
      """;

  private static final String ABANDONED =
      """
      SELECT id FROM model_calls
      WHERE status = 'reserved' AND created_at < now() - make_interval(secs => $1)
      ORDER BY created_at LIMIT 1000
      """;

  private final Pool pool;

  private PgUsageStore(Pool pool) {
    this.pool = pool;
  }

  public static PgUsageStore create(Pool pool) {
    return new PgUsageStore(Objects.requireNonNull(pool, "pool"));
  }

  @Override
  public Future<Void> setBudget(
      BudgetScope scope, UUID scopeId, Long tokenCap, BigDecimal costCap) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(SET_BUDGET)
                .execute(Tuple.of(scope.db(), scopeId, tokenCap, costCap))
                .mapEmpty());
  }

  @Override
  public Future<Budget> budget(BudgetScope scope, UUID scopeId) {
    return pool.preparedQuery(BUDGET)
        .execute(Tuple.of(scope.db(), scopeId))
        .map(rows -> rows.size() == 0 ? null : toBudget(rows.iterator().next()));
  }

  @Override
  public Future<UUID> reserve(Reservation reservation) {
    UUID callId = UUID.randomUUID();
    CallContext context = reservation.context();
    Tuple params =
        Tuple.of(callId, context.projectId(), context.taskId(), context.jobId(), context.agentId())
            .addString(reservation.target().provider())
            .addString(reservation.target().model())
            .addLong(reservation.tokens())
            .addValue(reservation.cost());
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(RESERVE)
                .execute(params)
                .compose(
                    rows -> {
                      String refused = rows.iterator().next().getString("refused");
                      if (refused != null) {
                        return Future.failedFuture(
                            new AgentryException(
                                ErrorCode.BUDGET_EXCEEDED,
                                "budget of "
                                    + refused
                                    + " has no room for a call of up to "
                                    + reservation.tokens()
                                    + " tokens / $"
                                    + reservation.cost().toPlainString()));
                      }
                      return Future.succeededFuture(callId);
                    }));
  }

  @Override
  public Future<Void> settle(UUID callId, CallOutcome outcome) {
    return settle(callId, outcome.ok() ? "ok" : "failed", outcome);
  }

  private Future<Void> settle(UUID callId, String status, CallOutcome outcome) {
    Usage usage = outcome.usage();
    Tuple params =
        Tuple.of(
                callId,
                status,
                usage.inputTokens(),
                usage.outputTokens(),
                outcome.cost(),
                usage.estimated())
            .addInteger(outcome.attempts())
            .addLong(outcome.latencyMs())
            .addString(outcome.errorCode());
    return pool.withTransaction(tx -> tx.preparedQuery(SETTLE).execute(params).mapEmpty());
  }

  @Override
  public Future<UUID> recordCached(CallContext context, ModelTarget target, long latencyMs) {
    UUID callId = UUID.randomUUID();
    Tuple params =
        Tuple.of(callId, context.projectId(), context.taskId(), context.jobId(), context.agentId())
            .addString(target.provider())
            .addString(target.model())
            .addLong(latencyMs);
    return pool.withTransaction(
        tx -> tx.preparedQuery(RECORD_CACHED).execute(params).map(rows -> callId));
  }

  @Override
  public Future<UsageTotals> totals(BudgetScope scope, UUID scopeId) {
    String column = scope == BudgetScope.PROJECT ? "project_id" : "task_id";
    return pool.preparedQuery(TOTALS.formatted(column))
        .execute(Tuple.of(scopeId))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new UsageTotals(
                  row.getLong("calls"),
                  row.getLong("input_tokens"),
                  row.getLong("output_tokens"),
                  row.getBigDecimal("cost"));
            });
  }

  @Override
  public Future<Integer> releaseAbandoned(Duration age) {
    CallOutcome released = CallOutcome.failed(Usage.NONE, BigDecimal.ZERO, 0, 0, null);
    return pool.preparedQuery(ABANDONED)
        .execute(Tuple.of((double) age.toSeconds()))
        .compose(
            rows -> {
              List<Future<Void>> settlements = new ArrayList<>();
              rows.forEach(row -> settlements.add(settle(row.getUUID("id"), "released", released)));
              return Future.all(settlements).map(all -> settlements.size());
            });
  }

  private static Budget toBudget(Row row) {
    return new Budget(
        BudgetScope.fromDb(row.getString("scope")),
        row.getUUID("scope_id"),
        row.getLong("token_cap"),
        row.getBigDecimal("cost_cap"),
        row.getLong("reserved_tokens"),
        row.getBigDecimal("reserved_cost"),
        row.getLong("spent_tokens"),
        row.getBigDecimal("spent_cost"));
  }
}
