package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.api.testing.CountingPool;
import io.agentry.api.testing.Seeds;
import io.agentry.api.testing.Seeds.Goal;
import io.agentry.core.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Code changes, test results and goal runs through HTTP: rows as the roles write them, read per
 * project and per task, paged, filtered, with their agents and jobs loaded in batches, and never
 * across tenants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoalRecordsApiTest {

  private static final String CHANGES =
      "query($p: ID!, $t: ID, $n: Int, $a: String) { codeChanges(projectId: $p, taskId: $t,"
          + " first: $n, after: $a) { edges { cursor node { id path changeType diff commitId"
          + " reasoning role createdAt agent { id name } job { id kind role } task { id } } }"
          + " pageInfo { hasNextPage endCursor } } }";

  private ApiTestNode api;
  private Seeds seeds;
  private final CountingPool[] pool = new CountingPool[1];
  private String userA;
  private String userB;
  private final String run = UUID.randomUUID().toString();

  @BeforeAll
  void start() {
    api =
        ApiTestNode.start(
            Map.of("AGENTRY_HTTP_RATE_LIMIT_BURST", "100000"),
            node -> pool[0] = new CountingPool(node.pg()));
    seeds = new Seeds(api);
    userA = api.key(api.newTenant(), Role.ADMIN);
    userB = api.key(api.newTenant(), Role.ADMIN);
  }

  @AfterAll
  void stop() {
    seeds.cancelGoals();
    api.close();
  }

  @Test
  void code_changes_are_listed_per_project_and_per_task_with_agent_job_and_reasoning() {
    String project = seeds.project(userA);
    String agent = seeds.agent(userA, "coder-" + UUID.randomUUID());
    Goal one = seeds.goal(userA, project, agent);
    Goal two = seeds.goal(userA, project, null);
    long first = seeds.codeChange(one, agent, "src/a.py", commit("c1"));
    seeds.codeChange(one, agent, "src/b.py", commit("c1"));
    seeds.codeChange(one, agent, "src/c.py", commit("c2"));
    seeds.codeChange(two, null, "README.md", commit("c3"));

    JsonArray all = edges(api.data(userA, CHANGES, new JsonObject().put("p", project)));
    assertThat(all).hasSize(4);
    JsonObject a = all.getJsonObject(0).getJsonObject("node");
    assertThat(a.getString("id")).isEqualTo(Long.toString(first));
    assertThat(a.getString("path")).isEqualTo("src/a.py");
    assertThat(a.getString("changeType")).isEqualTo("ADD");
    assertThat(a.getString("diff")).startsWith("diff --git a/src/a.py b/src/a.py");
    assertThat(a.getString("commitId")).isEqualTo(commit("c1"));
    assertThat(a.getString("reasoning")).isEqualTo("because src/a.py");
    assertThat(a.getString("role")).isEqualTo("coder");
    assertThat(a.getJsonObject("agent").getString("id")).isEqualTo(agent);
    assertThat(a.getJsonObject("job").getString("id")).isEqualTo(one.jobId());
    assertThat(a.getJsonObject("job").getString("kind")).isEqualTo("planning");
    assertThat(a.getJsonObject("task").getString("id")).isEqualTo(one.taskId());
    assertThat(all.getJsonObject(3).getJsonObject("node").getValue("agent")).isNull();

    JsonObject ofTask =
        api.data(userA, CHANGES, new JsonObject().put("p", project).put("t", two.taskId()));
    assertThat(paths(edges(ofTask))).containsExactly("README.md");

    // Pages follow each other without gaps or repeats.
    List<String> paged = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      JsonObject page =
          api.data(userA, CHANGES, new JsonObject().put("p", project).put("n", 3).put("a", after))
              .getJsonObject("codeChanges");
      paged.addAll(paths(page.getJsonArray("edges")));
      more = page.getJsonObject("pageInfo").getBoolean("hasNextPage");
      after = page.getJsonObject("pageInfo").getString("endCursor");
    }
    assertThat(paged).containsExactly("src/a.py", "src/b.py", "src/c.py", "README.md");

    JsonObject task =
        api.data(
                userA,
                "query($t: ID!) { task(id: $t) { codeChanges(first: 2) { edges { node { path } }"
                    + " pageInfo { hasNextPage } } } }",
                new JsonObject().put("t", one.taskId()))
            .getJsonObject("task")
            .getJsonObject("codeChanges");
    assertThat(paths(task.getJsonArray("edges"))).containsExactly("src/a.py", "src/b.py");
    assertThat(task.getJsonObject("pageInfo").getBoolean("hasNextPage")).isTrue();
  }

  @Test
  void test_results_are_listed_with_counts_coverage_and_details() {
    String project = seeds.project(userA);
    Goal goal = seeds.goal(userA, project, null);
    seeds.testResult(goal, Long.parseLong(goal.jobId()), 1, 1, null);
    // Recorded against a job of another tenant: the row's job must not be shown.
    Goal foreign = seeds.goal(userB, seeds.project(userB), null);
    seeds.testResult(goal, Long.parseLong(foreign.jobId()), 2, 0, 87.5);

    String query =
        "query($p: ID!, $t: ID) { testResults(projectId: $p, taskId: $t) { edges { node {"
            + " framework passed failed errors skipped coverage success output details"
            + " iteration createdAt job { id } task { id } } } } }";
    JsonArray runs =
        edges(api.data(userA, query, new JsonObject().put("p", project).put("t", goal.taskId())));
    assertThat(runs).hasSize(2);
    JsonObject red = runs.getJsonObject(0).getJsonObject("node");
    assertThat(red.getString("framework")).isEqualTo("pytest");
    assertThat(red.getInteger("passed")).isEqualTo(1);
    assertThat(red.getInteger("failed")).isEqualTo(1);
    assertThat(red.getBoolean("success")).isFalse();
    assertThat(red.getValue("coverage")).isNull();
    assertThat(red.getJsonObject("job").getString("id")).isEqualTo(goal.jobId());
    assertThat(red.getJsonObject("details").getBoolean("lintClean")).isTrue();
    JsonObject green = runs.getJsonObject(1).getJsonObject("node");
    assertThat(green.getBoolean("success")).isTrue();
    assertThat(green.getDouble("coverage")).isEqualTo(87.5);
    assertThat(green.getInteger("iteration")).isEqualTo(1);
    // The loader reads jobs of the caller's projects only.
    assertThat(green.getValue("job")).isNull();

    JsonArray ofTask =
        api.data(
                userA,
                "query($t: ID!) { task(id: $t) { testResults { edges { node { passed } } } } }",
                new JsonObject().put("t", goal.taskId()))
            .getJsonObject("task")
            .getJsonObject("testResults")
            .getJsonArray("edges");
    assertThat(ofTask).hasSize(2);
  }

  @Test
  void goal_runs_are_listed_newest_first_and_filtered_by_state() {
    String project = seeds.project(userA);
    Goal oldest = seeds.goal(userA, project, null);
    Goal middle = seeds.goal(userA, project, null);
    Goal newest = seeds.goal(userA, project, null);
    seeds.goalState(middle, "stopped");

    String query =
        "query($p: ID!, $s: [GoalRunState!], $n: Int, $a: String) { goalRuns(projectId: $p,"
            + " state: $s, first: $n, after: $a) { edges { node { state phase task { id } } }"
            + " pageInfo { hasNextPage endCursor } } }";
    JsonObject all = api.data(userA, query, new JsonObject().put("p", project));
    assertThat(taskIds(all.getJsonObject("goalRuns").getJsonArray("edges")))
        .containsExactly(newest.taskId(), middle.taskId(), oldest.taskId());

    JsonObject running =
        api.data(
            userA,
            query,
            new JsonObject().put("p", project).put("s", new JsonArray().add("RUNNING")));
    assertThat(taskIds(running.getJsonObject("goalRuns").getJsonArray("edges")))
        .containsExactly(newest.taskId(), oldest.taskId());

    JsonObject page1 =
        api.data(userA, query, new JsonObject().put("p", project).put("n", 2))
            .getJsonObject("goalRuns");
    assertThat(page1.getJsonObject("pageInfo").getBoolean("hasNextPage")).isTrue();
    JsonObject page2 =
        api.data(
                userA,
                query,
                new JsonObject()
                    .put("p", project)
                    .put("n", 2)
                    .put("a", page1.getJsonObject("pageInfo").getString("endCursor")))
            .getJsonObject("goalRuns");
    assertThat(taskIds(page2.getJsonArray("edges"))).containsExactly(oldest.taskId());
    assertThat(page2.getJsonObject("pageInfo").getBoolean("hasNextPage")).isFalse();
  }

  @Test
  void another_tenant_gets_not_found_for_ids_and_none_of_the_rows() {
    String project = seeds.project(userA);
    String agent = seeds.agent(userA, "coder-" + UUID.randomUUID());
    Goal goal = seeds.goal(userA, project, agent);
    seeds.codeChange(goal, agent, "secret.py", commit("s1"));
    seeds.testResult(goal, Long.parseLong(goal.jobId()), 3, 0, 50.0);
    String projectB = seeds.project(userB);
    Goal goalB = seeds.goal(userB, projectB, null);
    JsonObject vars =
        new JsonObject().put("p", project).put("t", goal.taskId()).put("pb", projectB);

    for (String q :
        new String[] {
          "query($p: ID!) { codeChanges(projectId: $p) { edges { cursor } } }",
          "query($p: ID!) { testResults(projectId: $p) { edges { cursor } } }",
          "query($p: ID!) { goalRuns(projectId: $p) { edges { cursor } } }",
          "query($pb: ID!, $t: ID) { codeChanges(projectId: $pb, taskId: $t) { edges { cursor } } }",
          "query($pb: ID!, $t: ID) { testResults(projectId: $pb, taskId: $t) { edges { cursor } } }",
          "query($t: ID!) { task(id: $t) { codeChanges { edges { cursor } } } }"
        }) {
      assertThat(api.errorCode(userB, q, vars)).as(q).isEqualTo("NOT_FOUND");
    }
    // A's own task named with the wrong project of A is no task of that project either.
    String otherA = seeds.project(userA);
    assertThat(
            api.errorCode(
                userA,
                "query($p: ID!, $t: ID) { codeChanges(projectId: $p, taskId: $t) { edges { cursor } } }",
                new JsonObject().put("p", otherA).put("t", goal.taskId())))
        .isEqualTo("NOT_FOUND");

    // B's own lists hold B's rows only (none here), not A's.
    seeds.codeChange(goalB, null, "b.py", commit("b1"));
    JsonObject mine = api.data(userB, CHANGES, new JsonObject().put("p", projectB));
    assertThat(paths(edges(mine))).containsExactly("b.py");
    assertThat(mine.encode()).doesNotContain("secret.py", agent);
  }

  @Test
  void a_page_of_changes_with_agents_and_jobs_costs_the_same_statements_for_any_size() {
    int small = statementsForChanges(2);
    int large = statementsForChanges(12);
    // key lookup, project check, page, one batch each for agents, jobs and tasks
    assertThat(large).isEqualTo(small);
    assertThat(large).isLessThanOrEqualTo(6);
  }

  private int statementsForChanges(int n) {
    String project = seeds.project(userA);
    for (int i = 0; i < n; i++) {
      String agent = seeds.agent(userA, "batch-" + UUID.randomUUID());
      Goal goal = seeds.goal(userA, project, agent);
      seeds.codeChange(goal, agent, "f" + i + ".py", "commit-" + UUID.randomUUID());
    }
    pool[0].reset();
    JsonArray changes = edges(api.data(userA, CHANGES, new JsonObject().put("p", project)));
    assertThat(changes).hasSize(n);
    changes.forEach(
        e -> {
          JsonObject node = ((JsonObject) e).getJsonObject("node");
          assertThat(node.getJsonObject("agent")).isNotNull();
          assertThat(node.getJsonObject("job")).isNotNull();
        });
    return pool[0].statements();
  }

  /** Commit ids are unique per path in the whole database, which other runs share. */
  private String commit(String name) {
    return name + "-" + run;
  }

  private static JsonArray edges(JsonObject data) {
    return data.getJsonObject(data.fieldNames().iterator().next()).getJsonArray("edges");
  }

  private static List<String> paths(JsonArray edges) {
    List<String> out = new ArrayList<>();
    edges.forEach(e -> out.add(((JsonObject) e).getJsonObject("node").getString("path")));
    return out;
  }

  private static List<String> taskIds(JsonArray edges) {
    List<String> out = new ArrayList<>();
    edges.forEach(
        e -> out.add(((JsonObject) e).getJsonObject("node").getJsonObject("task").getString("id")));
    return out;
  }
}
