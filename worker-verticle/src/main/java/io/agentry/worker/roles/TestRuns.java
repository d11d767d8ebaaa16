package io.agentry.worker.roles;

import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tester's authoritative test run, whatever the model did: the workspace's tests in the
 * sandbox, line coverage where the toolchain gives it (coverage.py for pytest), and a syntax lint,
 * stored once per job in {@code test_results} and as a {@code TestsRun} ledger event. A green run
 * also sets a checkpoint (ledger position + commit). A re-run of the job after a crash reuses the
 * stored result instead of running again.
 */
final class TestRuns {

  /** The key under which the role code (not a model) calls tools. */
  static final String SYSTEM_TOOLS = "system:tester";

  private static final Set<String> TOOLS = Set.of("run_tests", "run_command");
  private static final int MAX_OUTPUT = 16_000;
  private static final Pattern TOTAL =
      Pattern.compile("^TOTAL\\s.*?(\\d+(?:\\.\\d+)?)%\\s*$", Pattern.MULTILINE);

  private static final String FIND =
      "SELECT framework, passed, failed, errors, skipped, coverage, success, output, details"
          + " FROM test_results WHERE job_id = $1";

  private static final String INSERT =
      "INSERT INTO test_results (tenant_id, project_id, task_id, job_id, iteration, framework,"
          + " passed, failed, errors, skipped, coverage, success, output, details)"
          + " SELECT p.tenant_id, p.id, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12"
          + " FROM projects p WHERE p.id = $1 ON CONFLICT (job_id) DO NOTHING";

  private static final String INSERT_CHECKPOINT =
      "INSERT INTO checkpoints (id, tenant_id, project_id, task_id, name, ledger_seq, commit_id,"
          + " created_by) SELECT $1, p.tenant_id, p.id, $3, $4, $5, $6, $7 FROM projects p"
          + " WHERE p.id = $2 ON CONFLICT (task_id, name) DO NOTHING";

  private final RoleKit kit;

  TestRuns(RoleKit kit) {
    this.kit = kit;
    kit.runtime().tools().allow(SYSTEM_TOOLS, TOOLS);
  }

  Future<JsonObject> run(GoalJob job, Workspace ws) {
    return kit.pool()
        .preparedQuery(FIND)
        .execute(Tuple.of(job.jobId()))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(stored(rows.iterator().next()))
                    : runFresh(job, ws));
  }

  private Future<JsonObject> runFresh(GoalJob job, Workspace ws) {
    return invoke(ws, "run_tests", new JsonObject())
        .compose(
            tests ->
                coverage(ws)
                    .compose(coverage -> lint(ws).map(lint -> result(tests, coverage, lint))))
        .compose(result -> store(job, result).map(result))
        .compose(result -> checkpointIfGreen(job, ws, result).map(result));
  }

  private Future<ToolResult> invoke(Workspace ws, String tool, JsonObject args) {
    return kit.runtime().tools().invoke(new ToolCall(SYSTEM_TOOLS, tool, args, ws, true));
  }

  /** Percent of lines covered, or {@code null} when not measurable here. */
  private Future<Double> coverage(Workspace ws) {
    String command =
        "export COVERAGE_FILE=/tmp/.coverage; /usr/bin/python3 -m coverage run --source=. -m"
            + " pytest -q -p no:cacheprovider >/dev/null 2>&1;"
            + " /usr/bin/python3 -m coverage report --omit='test_*.py,*/test_*.py,tests/*'";
    return invoke(ws, "run_command", new JsonObject().put("command", command))
        .map(
            r -> {
              Matcher m = TOTAL.matcher(r.output());
              return m.find() ? Double.valueOf(m.group(1)) : null;
            });
  }

  /** A syntax check of every Python file; {@code null} when there is nothing to check. */
  private Future<JsonObject> lint(Workspace ws) {
    String command =
        "/usr/bin/python3 -m compileall -q -x '(^|/)(venv|\\.git)/' . >/tmp/lint 2>&1;"
            + " s=$?; cat /tmp/lint; exit $s";
    return invoke(ws, "run_command", new JsonObject().put("command", command))
        .map(r -> new JsonObject().put("clean", r.ok()).put("output", tail(r.output(), 4_000)));
  }

  private static JsonObject result(ToolResult tests, Double coverage, JsonObject lint) {
    JsonObject data = tests.data() == null ? new JsonObject() : tests.data();
    JsonObject counts = data.getJsonObject("counts", new JsonObject());
    int passed = counts.getInteger("passed", 0);
    int failed = counts.getInteger("failed", 0);
    boolean ran = passed + failed > 0;
    return new JsonObject()
        .put("framework", data.getString("runner", "none"))
        .put("success", tests.ok() && ran && failed == 0)
        .put("passed", passed)
        .put("failed", failed)
        .put("errors", 0)
        .put("skipped", counts.getInteger("skipped", 0))
        .put("coverage", coverage)
        .put("lintClean", lint.getBoolean("clean"))
        .put("lintOutput", lint.getString("output"))
        .put("output", tail(tests.output(), MAX_OUTPUT));
  }

  private Future<Void> store(GoalJob job, JsonObject r) {
    Tuple row =
        Tuple.tuple()
            .addUUID(job.projectId())
            .addUUID(job.taskId())
            .addLong(job.jobId())
            .addInteger(job.iteration())
            .addString(r.getString("framework"))
            .addInteger(r.getInteger("passed"))
            .addInteger(r.getInteger("failed"))
            .addInteger(r.getInteger("skipped"))
            .addValue(r.getDouble("coverage"))
            .addBoolean(r.getBoolean("success"))
            .addString(r.getString("output"))
            .addValue(
                new JsonObject()
                    .put("lintClean", r.getBoolean("lintClean"))
                    .put("lintOutput", r.getString("lintOutput")));
    JsonObject event = r.copy();
    event.remove("output");
    return kit.pool()
        .preparedQuery(INSERT)
        .execute(row)
        .compose(v -> kit.record(job, "TestsRun", event.put("iteration", job.iteration())))
        .mapEmpty();
  }

  private Future<Void> checkpointIfGreen(GoalJob job, Workspace ws, JsonObject r) {
    if (!r.getBoolean("success")) {
      return Future.succeededFuture();
    }
    String name = "iteration-" + job.iteration() + "-green-" + job.jobId();
    return ws.checkpoint(name, "tests green: " + r.getInteger("passed") + " passed")
        .compose(
            commit ->
                kit.record(
                        job,
                        "CheckpointCreated",
                        new JsonObject().put("name", name).put("commit", commit.id()))
                    .compose(
                        event ->
                            kit.pool()
                                .preparedQuery(INSERT_CHECKPOINT)
                                .execute(
                                    Tuple.of(
                                        UUID.randomUUID(),
                                        job.projectId(),
                                        job.taskId(),
                                        name,
                                        event.seq(),
                                        commit.id(),
                                        "tester"))))
        .mapEmpty();
  }

  private static JsonObject stored(Row row) {
    JsonObject details = row.getJsonObject("details");
    return new JsonObject()
        .put("framework", row.getString("framework"))
        .put("success", row.getBoolean("success"))
        .put("passed", row.getInteger("passed"))
        .put("failed", row.getInteger("failed"))
        .put("errors", row.getInteger("errors"))
        .put("skipped", row.getInteger("skipped"))
        .put(
            "coverage",
            row.getNumeric("coverage") == null ? null : row.getNumeric("coverage").doubleValue())
        .put("lintClean", details.getBoolean("lintClean"))
        .put("lintOutput", details.getString("lintOutput"))
        .put("output", row.getString("output"));
  }

  private static String tail(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max
        ? text
        : "[… earlier output cut]\n" + text.substring(text.length() - max);
  }
}
