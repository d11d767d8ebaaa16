package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.tasks.Task;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the roles' work leaves in a project: the files each commit changed ({@code code_changes},
 * written by the coder, tester, debugger and rollbacks) and the tester's runs of the suite ({@code
 * test_results}). Both are listed oldest first by id, per project or per task.
 */
final class CodeChangeDataFetchers {

  /** One row of {@code code_changes}. */
  record CodeChange(
      long id,
      UUID projectId,
      UUID taskId,
      Long jobId,
      UUID agentId,
      String role,
      String path,
      String changeType,
      String diff,
      String commitId,
      String reasoning,
      Instant createdAt) {}

  /** One row of {@code test_results}. */
  record TestResult(
      long id,
      UUID projectId,
      UUID taskId,
      Long jobId,
      int iteration,
      String framework,
      int passed,
      int failed,
      int errors,
      int skipped,
      Double coverage,
      boolean success,
      String output,
      JsonObject details,
      Instant createdAt) {}

  private static final String CHANGE_CURSOR = "codeChange";
  private static final String RESULT_CURSOR = "testResult";

  private static final String CHANGE_COLUMNS =
      "id, project_id, task_id, job_id, agent_id, role, path, change_type, diff, commit_id,"
          + " reasoning, created_at";

  private static final String RESULT_COLUMNS =
      "id, project_id, task_id, job_id, iteration, framework, passed, failed, errors, skipped,"
          + " coverage, success, output, details, created_at";

  /* $2 narrows to one task; the caller checked that the task is the project's. */
  private static final String CHANGES_OF_PROJECT =
      "SELECT "
          + CHANGE_COLUMNS
          + " FROM code_changes WHERE project_id = $1 AND ($2::uuid IS NULL OR task_id = $2)"
          + " AND id > $3 ORDER BY id LIMIT $4";

  private static final String CHANGES_OF_TASK =
      "SELECT "
          + CHANGE_COLUMNS
          + " FROM code_changes WHERE task_id = $1 AND id > $2 ORDER BY id LIMIT $3";

  private static final String RESULTS_OF_PROJECT =
      "SELECT "
          + RESULT_COLUMNS
          + " FROM test_results WHERE project_id = $1 AND ($2::uuid IS NULL OR task_id = $2)"
          + " AND id > $3 ORDER BY id LIMIT $4";

  private static final String RESULTS_OF_TASK =
      "SELECT "
          + RESULT_COLUMNS
          + " FROM test_results WHERE task_id = $1 AND id > $2 ORDER BY id LIMIT $3";

  private final ApiServices services;
  private final Ownership ownership;

  CodeChangeDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher(
                    "codeChanges",
                    ofProject(
                        CHANGES_OF_PROJECT,
                        CHANGE_CURSOR,
                        CodeChangeDataFetchers::toChange,
                        CodeChange::id))
                .dataFetcher(
                    "testResults",
                    ofProject(
                        RESULTS_OF_PROJECT,
                        RESULT_CURSOR,
                        CodeChangeDataFetchers::toResult,
                        TestResult::id)));
    wiring.type(
        "Task",
        type ->
            type.dataFetcher(
                    "codeChanges",
                    ofTask(
                        CHANGES_OF_TASK,
                        CHANGE_CURSOR,
                        CodeChangeDataFetchers::toChange,
                        CodeChange::id))
                .dataFetcher(
                    "testResults",
                    ofTask(
                        RESULTS_OF_TASK,
                        RESULT_CURSOR,
                        CodeChangeDataFetchers::toResult,
                        TestResult::id)));
    wiring.type(
        "CodeChange",
        type ->
            type.dataFetcher(
                    "task",
                    env -> Loaders.load(env, Loaders.TASKS, env.<CodeChange>getSource().taskId()))
                .dataFetcher(
                    "agent",
                    env -> Loaders.load(env, Loaders.AGENTS, env.<CodeChange>getSource().agentId()))
                .dataFetcher(
                    "job", env -> Loaders.loadJob(env, env.<CodeChange>getSource().jobId())));
    wiring.type(
        "TestResult",
        type ->
            type.dataFetcher(
                    "task",
                    env -> Loaders.load(env, Loaders.TASKS, env.<TestResult>getSource().taskId()))
                .dataFetcher(
                    "job", env -> Loaders.loadJob(env, env.<TestResult>getSource().jobId())));
  }

  /** A page of a project's rows, optionally of one of its tasks. */
  private <T> DataFetcher<Object> ofProject(
      String sql, String cursor, Function<Row, T> toNode, Function<T, Long> idOf) {
    return env -> {
      var page = Connections.page(env);
      long after = Connections.longKey(cursor, page.after());
      UUID projectId = uuid(env, "projectId");
      UUID taskId = ApiContext.uuid(env.<String>getArgument("taskId"), "task");
      return ownership
          .projectAndTask(principal(env), projectId, taskId)
          .compose(
              project ->
                  services
                      .pool()
                      .preparedQuery(sql)
                      .execute(
                          Tuple.tuple()
                              .addUUID(projectId)
                              .addUUID(taskId)
                              .addLong(after)
                              .addInteger(page.fetch())))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      toNode,
                      page,
                      node -> Connections.encode(cursor, Long.toString(idOf.apply(node)))))
          .toCompletionStage();
    };
  }

  /** A page of a task's rows; the task was read through its tenant's checks. */
  private <T> DataFetcher<Object> ofTask(
      String sql, String cursor, Function<Row, T> toNode, Function<T, Long> idOf) {
    return env -> {
      var page = Connections.page(env);
      long after = Connections.longKey(cursor, page.after());
      Task task = env.getSource();
      return services
          .pool()
          .preparedQuery(sql)
          .execute(Tuple.of(task.id(), after, page.fetch()))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      toNode,
                      page,
                      node -> Connections.encode(cursor, Long.toString(idOf.apply(node)))))
          .toCompletionStage();
    };
  }

  static CodeChange toChange(Row row) {
    return new CodeChange(
        row.getLong("id"),
        row.getUUID("project_id"),
        row.getUUID("task_id"),
        row.getLong("job_id"),
        row.getUUID("agent_id"),
        row.getString("role"),
        row.getString("path"),
        row.getString("change_type").toUpperCase(Locale.ROOT),
        row.getString("diff"),
        row.getString("commit_id"),
        row.getString("reasoning"),
        row.getOffsetDateTime("created_at").toInstant());
  }

  static TestResult toResult(Row row) {
    Numeric coverage = row.getNumeric("coverage");
    return new TestResult(
        row.getLong("id"),
        row.getUUID("project_id"),
        row.getUUID("task_id"),
        row.getLong("job_id"),
        row.getInteger("iteration"),
        row.getString("framework"),
        row.getInteger("passed"),
        row.getInteger("failed"),
        row.getInteger("errors"),
        row.getInteger("skipped"),
        coverage == null ? null : coverage.doubleValue(),
        row.getBoolean("success"),
        row.getString("output"),
        row.getJsonObject("details"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
