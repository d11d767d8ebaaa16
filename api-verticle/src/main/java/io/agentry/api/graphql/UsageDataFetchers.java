package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.llm.usage.Budget;
import io.agentry.core.llm.usage.BudgetScope;
import io.agentry.core.projects.Project;
import io.agentry.core.tasks.Task;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;

/** Model usage and hard budgets of projects and tasks (tables of migration V5). */
final class UsageDataFetchers {

  static final String BUDGETS =
      "SELECT scope, scope_id, token_cap, cost_cap, reserved_tokens, reserved_cost,"
          + " spent_tokens, spent_cost FROM budgets WHERE scope_id = ANY($1)";

  private static final String BY_MODEL =
      "SELECT provider, model, count(*) AS calls,"
          + " coalesce(sum(input_tokens), 0) AS input_tokens,"
          + " coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(cost), 0) AS cost"
          + " FROM model_calls WHERE project_id = $1 AND ($2::uuid IS NULL OR task_id = $2)"
          + " AND status <> 'reserved' GROUP BY provider, model ORDER BY provider, model";

  private final ApiServices services;
  private final Ownership ownership;

  UsageDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Query", type -> type.dataFetcher("usage", usage()));
    wiring.type("Mutation", type -> type.dataFetcher("setBudget", setBudget()));
    wiring.type(
        "Project",
        type ->
            type.dataFetcher(
                "budget", env -> budget(env, BudgetScope.PROJECT, env.<Project>getSource().id())));
    wiring.type(
        "Task",
        type ->
            type.dataFetcher(
                "budget", env -> budget(env, BudgetScope.TASK, env.<Task>getSource().id())));
  }

  private static CompletableFuture<Object> budget(
      graphql.schema.DataFetchingEnvironment env, BudgetScope scope, UUID id) {
    DataLoader<String, Object> loader = env.getDataLoader(Loaders.BUDGETS);
    return loader.load(scope.db() + ":" + id);
  }

  /** The project, and the task when given, both the caller's, the task within the project. */
  private Future<BudgetScope> scope(
      graphql.schema.DataFetchingEnvironment env, UUID projectId, UUID taskId) {
    var who = principal(env);
    return ownership
        .project(who, projectId)
        .compose(
            project ->
                taskId == null
                    ? Future.succeededFuture(BudgetScope.PROJECT)
                    : ownership
                        .task(who, taskId)
                        .map(
                            task -> {
                              if (!task.projectId().equals(projectId)) {
                                throw new AgentryException(
                                    ErrorCode.NOT_FOUND,
                                    "task " + taskId + " does not exist in project " + projectId);
                              }
                              return BudgetScope.TASK;
                            }));
  }

  private DataFetcher<Object> usage() {
    return env -> {
      UUID projectId = uuid(env, "projectId");
      UUID taskId = uuid(env, "taskId");
      return scope(env, projectId, taskId)
          .compose(
              scope -> services.pool().preparedQuery(BY_MODEL).execute(Tuple.of(projectId, taskId)))
          .map(
              rows -> {
                List<Map<String, Object>> byModel = new ArrayList<>();
                long calls = 0;
                long input = 0;
                long output = 0;
                BigDecimal cost = BigDecimal.ZERO;
                for (Row row : rows) {
                  Map<String, Object> model =
                      totals(
                          row.getLong("calls"),
                          row.getLong("input_tokens"),
                          row.getLong("output_tokens"),
                          row.getBigDecimal("cost"));
                  model.put("provider", row.getString("provider"));
                  model.put("model", row.getString("model"));
                  byModel.add(model);
                  calls += row.getLong("calls");
                  input += row.getLong("input_tokens");
                  output += row.getLong("output_tokens");
                  cost = cost.add(row.getBigDecimal("cost"));
                }
                Map<String, Object> usage = totals(calls, input, output, cost);
                usage.put("byModel", byModel);
                return usage;
              })
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> setBudget() {
    return env -> {
      UUID projectId = uuid(env, "projectId");
      UUID taskId = uuid(env, "taskId");
      Integer maxTokens = env.getArgument("maxTokens");
      Double maxCost = env.getArgument("maxCost");
      if (maxTokens != null && maxTokens < 0) {
        throw new AgentryException(ErrorCode.BAD_USER_INPUT, "maxTokens must not be negative");
      }
      if (maxCost != null && (maxCost < 0 || maxCost.isNaN() || maxCost.isInfinite())) {
        throw new AgentryException(
            ErrorCode.BAD_USER_INPUT, "maxCost must be a finite number, not negative");
      }
      UUID scopeId = taskId == null ? projectId : taskId;
      return scope(env, projectId, taskId)
          .compose(
              scope ->
                  services
                      .usage()
                      .setBudget(
                          scope,
                          scopeId,
                          maxTokens == null ? null : maxTokens.longValue(),
                          maxCost == null ? null : BigDecimal.valueOf(maxCost))
                      .compose(v -> services.usage().budget(scope, scopeId)))
          .map(UsageDataFetchers::toGraphQL)
          .toCompletionStage();
    };
  }

  private static Map<String, Object> totals(long calls, long input, long output, BigDecimal cost) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls);
    out.put("promptTokens", input);
    out.put("completionTokens", output);
    out.put("totalTokens", input + output);
    out.put("cost", cost.doubleValue());
    return out;
  }

  static Budget toBudget(Row row) {
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

  static Map<String, Object> toGraphQL(Budget budget) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scope", budget.scope().name());
    out.put("scopeId", budget.scopeId());
    out.put("maxTokens", budget.tokenCap());
    out.put("maxCost", budget.costCap() == null ? null : budget.costCap().doubleValue());
    out.put("usedTokens", budget.spentTokens());
    out.put("usedCost", budget.spentCost().doubleValue());
    out.put("reservedTokens", budget.reservedTokens());
    out.put("reservedCost", budget.reservedCost().doubleValue());
    out.put(
        "remainingTokens",
        budget.tokenCap() == null
            ? null
            : Math.max(0, budget.tokenCap() - budget.spentTokens() - budget.reservedTokens()));
    out.put(
        "remainingCost",
        budget.costCap() == null
            ? null
            : budget
                .costCap()
                .subtract(budget.spentCost())
                .subtract(budget.reservedCost())
                .max(BigDecimal.ZERO)
                .doubleValue());
    return out;
  }
}
