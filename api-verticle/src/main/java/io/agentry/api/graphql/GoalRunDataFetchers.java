package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.goals.GoalRun;
import io.agentry.core.goals.GoalState;
import io.agentry.core.goals.pg.GoalRows;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** A project's goal runs, newest first (a run of one task is {@code Task.goalRun}). */
final class GoalRunDataFetchers {

  private static final String CURSOR = "goalRun";

  /* Newest first: the keyset goes down from the last run seen ($3, $4), or starts at the top. */
  private static final String PAGE =
      "SELECT "
          + GoalRows.COLUMNS
          + " FROM goal_runs g WHERE g.project_id = $1"
          + " AND (cardinality($2::text[]) = 0 OR g.state = ANY ($2::text[]))"
          + " AND ($3::timestamptz IS NULL OR (g.started_at, g.task_id) < ($3, $4::uuid))"
          + " ORDER BY g.started_at DESC, g.task_id DESC LIMIT $5";

  private final ApiServices services;
  private final Ownership ownership;

  GoalRunDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Query", type -> type.dataFetcher("goalRuns", goalRuns()));
    wiring.type(
        "GoalRun",
        type ->
            type.dataFetcher(
                "task",
                env -> Loaders.load(env, Loaders.TASKS, env.<GoalRun>getSource().taskId())));
  }

  private DataFetcher<Object> goalRuns() {
    return env -> {
      var page = Connections.page(env);
      var after = page.after() == null ? null : Connections.timeKey(CURSOR, page.after());
      String[] states =
          Connections.filterValues(env.getArgument("state"), s -> GoalState.valueOf(s).db());
      UUID projectId = uuid(env, "projectId");
      return ownership
          .project(principal(env), projectId)
          .compose(
              project ->
                  services
                      .pool()
                      .preparedQuery(PAGE)
                      .execute(
                          Tuple.tuple()
                              .addUUID(projectId)
                              .addArrayOfString(states)
                              .addOffsetDateTime(after == null ? null : after.at())
                              .addUUID(after == null ? null : after.id())
                              .addInteger(page.fetch())))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      GoalRows::toRun,
                      page,
                      run -> Connections.timeCursor(CURSOR, run.startedAt(), run.taskId())))
          .toCompletionStage();
    };
  }
}
