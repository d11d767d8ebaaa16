package io.agentry.api.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.agentry.core.agents.Agent;
import io.agentry.core.agents.pg.AgentRows;
import io.agentry.core.auth.Principal;
import io.agentry.core.projects.Project;
import io.agentry.core.projects.pg.PgProjectService;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.pg.TaskRows;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

/**
 * Per-request DataLoaders: every reference from one object to another (a task's agent, a task's
 * project, a job's task) is collected over the whole level of a query and read in one statement, so
 * a page of N tasks with their agents costs a constant number of queries. Each loader reads only
 * the caller's tenant, so a reference can never leak a foreign row.
 */
final class Loaders {

  static final String AGENTS = "agents";
  static final String PROJECTS = "projects";
  static final String TASKS = "tasks";

  /** Budgets by {@code "<scope>:<scopeId>"}; the scope's tenant was checked on the way to it. */
  static final String BUDGETS = "budgets";

  private Loaders() {}

  static DataLoaderRegistry registry(Pool pool, Principal principal) {
    UUID tenant = principal.tenantId();
    DataLoaderRegistry registry = new DataLoaderRegistry();
    registry.register(
        AGENTS,
        loader(
            pool,
            "SELECT "
                + AgentRows.COLUMNS
                + " FROM agents a WHERE a.id = ANY($1) AND a.tenant_id = $2",
            tenant,
            AgentRows::toAgent,
            Agent::id));
    registry.register(
        PROJECTS,
        loader(
            pool,
            "SELECT "
                + PgProjectService.COLUMNS
                + " FROM projects p WHERE p.id = ANY($1) AND p.tenant_id = $2",
            tenant,
            PgProjectService::toProject,
            Project::id));
    registry.register(
        TASKS,
        loader(
            pool,
            "SELECT "
                + TaskRows.COLUMNS
                + " FROM tasks t WHERE t.id = ANY($1) AND t.tenant_id = $2",
            tenant,
            TaskRows::toTask,
            Task::id));
    registry.register(
        BUDGETS,
        DataLoaderFactory.newMappedDataLoader(
            (Set<String> keys) ->
                pool.preparedQuery(UsageDataFetchers.BUDGETS)
                    .execute(
                        Tuple.of(
                            keys.stream()
                                .map(k -> UUID.fromString(k.substring(k.indexOf(':') + 1)))
                                .toArray(UUID[]::new)))
                    .map(
                        rows -> {
                          Map<String, Object> found = new HashMap<>();
                          rows.forEach(
                              row -> {
                                var budget = UsageDataFetchers.toBudget(row);
                                found.put(
                                    budget.scope().db() + ":" + budget.scopeId(),
                                    UsageDataFetchers.toGraphQL(budget));
                              });
                          return found;
                        })
                    .toCompletionStage()));
    return registry;
  }

  /** Loads a referenced object, or completes with null when there is no reference. */
  static <V> CompletableFuture<V> load(DataFetchingEnvironment env, String loader, UUID id) {
    if (id == null) {
      return CompletableFuture.completedFuture(null);
    }
    DataLoader<UUID, V> dataLoader = env.getDataLoader(loader);
    return dataLoader.load(id);
  }

  private static <V> DataLoader<UUID, V> loader(
      Pool pool, String sql, UUID tenant, Function<Row, V> map, Function<V, UUID> idOf) {
    return DataLoaderFactory.newMappedDataLoader(
        (Set<UUID> ids) ->
            pool.preparedQuery(sql)
                .execute(Tuple.of(ids.toArray(UUID[]::new), tenant))
                .map(
                    rows -> {
                      Map<UUID, V> found = new HashMap<>();
                      rows.forEach(row -> found.put(idOf.apply(map.apply(row)), map.apply(row)));
                      return found;
                    })
                .toCompletionStage());
  }
}
