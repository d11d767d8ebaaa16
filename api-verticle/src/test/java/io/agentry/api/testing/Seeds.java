package io.agentry.api.testing;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test data made the way clients and roles make it: projects, agents and goals through GraphQL, the
 * rows the worker's roles write ({@code code_changes}, {@code test_results}, {@code checkpoints})
 * through SQL, with the columns the roles fill.
 */
public final class Seeds {

  /** A goal as submitGoal made it: its task and first job. */
  public record Goal(String projectId, String taskId, String jobId) {}

  private final ApiTestNode api;
  private final List<String[]> goals = new ArrayList<>();

  public Seeds(ApiTestNode api) {
    this.api = api;
  }

  /**
   * Cancels every goal made here, with its unfinished jobs, so that no later test's worker picks
   * them up (the test database is shared by the modules' tests).
   */
  public void cancelGoals() {
    for (String[] goal : goals) {
      api.post(
          goal[0],
          "mutation($t: ID!) { cancelTask(id: $t, reason: \"test over\") { id } }",
          new JsonObject().put("t", goal[1]));
    }
    goals.clear();
  }

  public String project(String token) {
    return api.data(
            token,
            "mutation($n: String!) { createProject(input: {name: $n}) { id } }",
            new JsonObject().put("n", "p-" + UUID.randomUUID()))
        .getJsonObject("createProject")
        .getString("id");
  }

  public String agent(String token, String name) {
    return api.data(
            token,
            "mutation($n: String!) { createAgent(input: {name: $n, roles: [CODER]}) { id } }",
            new JsonObject().put("n", name))
        .getJsonObject("createAgent")
        .getString("id");
  }

  /** A goal of the project, on {@code agentId} (null: the director's). */
  public Goal goal(String token, String projectId, String agentId) {
    JsonObject submitted =
        api.data(
                token,
                "mutation($p: ID!, $a: ID) { submitGoal(projectId: $p, goal: \"g\", agentId: $a)"
                    + " { task { id } job { id } } }",
                new JsonObject().put("p", projectId).put("a", agentId))
            .getJsonObject("submitGoal");
    Goal goal =
        new Goal(
            projectId,
            submitted.getJsonObject("task").getString("id"),
            submitted.getJsonObject("job").getString("id"));
    goals.add(new String[] {token, goal.taskId()});
    return goal;
  }

  /** One file of a commit, as the coder records it; returns the row's id. */
  public long codeChange(Goal goal, String agentId, String path, String commit) {
    return api.node
        .pg()
        .preparedQuery(
            "INSERT INTO code_changes (tenant_id, project_id, task_id, job_id, agent_id, role,"
                + " path, change_type, diff, commit_id, reasoning)"
                + " SELECT p.tenant_id, p.id, $2, $3, $4, 'coder', $5, 'add', $6, $7, $8"
                + " FROM projects p WHERE p.id = $1 RETURNING id")
        .execute(
            Tuple.tuple()
                .addUUID(UUID.fromString(goal.projectId()))
                .addUUID(UUID.fromString(goal.taskId()))
                .addLong(Long.parseLong(goal.jobId()))
                .addUUID(agentId == null ? null : UUID.fromString(agentId))
                .addString(path)
                .addString("diff --git a/" + path + " b/" + path + "\nnew file mode 100644\n+x\n")
                .addString(commit)
                .addString("because " + path))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  /** A tester's run of the suite; {@code jobId} must be unique per run. */
  public long testResult(Goal goal, long jobId, int passed, int failed, Double coverage) {
    return api.node
        .pg()
        .preparedQuery(
            "INSERT INTO test_results (tenant_id, project_id, task_id, job_id, iteration,"
                + " framework, passed, failed, coverage, success, output, details)"
                + " SELECT p.tenant_id, p.id, $2, $3, 1, 'pytest', $4, $5, $6, $7, $8, $9"
                + " FROM projects p WHERE p.id = $1 RETURNING id")
        .execute(
            Tuple.tuple()
                .addUUID(UUID.fromString(goal.projectId()))
                .addUUID(UUID.fromString(goal.taskId()))
                .addLong(jobId)
                .addInteger(passed)
                .addInteger(failed)
                .addValue(coverage)
                .addBoolean(failed == 0 && passed > 0)
                .addString(passed + " passed, " + failed + " failed")
                .addValue(new JsonObject().put("lintClean", true)))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  /** A checkpoint row as the tester's green run writes it; returns its id. */
  public String checkpoint(Goal goal, String name, long ledgerSeq) {
    UUID id = UUID.randomUUID();
    api.node
        .pg()
        .preparedQuery(
            "INSERT INTO checkpoints (id, tenant_id, project_id, task_id, name, ledger_seq,"
                + " commit_id, created_by) SELECT $1, p.tenant_id, p.id, $3, $4, $5, $6, 'tester'"
                + " FROM projects p WHERE p.id = $2")
        .execute(
            Tuple.of(
                id,
                UUID.fromString(goal.projectId()),
                UUID.fromString(goal.taskId()),
                name,
                ledgerSeq,
                "c0ffee" + ledgerSeq))
        .await();
    return id.toString();
  }

  /** Sets the state of a goal's run, as the director's goal loop does when it ends. */
  public void goalState(Goal goal, String state) {
    api.node
        .pg()
        .preparedQuery(
            "UPDATE goal_runs SET state = $2,"
                + " finished_at = CASE WHEN $2 = 'running' THEN NULL ELSE now() END"
                + " WHERE task_id = $1")
        .execute(Tuple.of(UUID.fromString(goal.taskId()), state))
        .await();
  }
}
