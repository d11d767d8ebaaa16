package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.api.testing.Seeds;
import io.agentry.api.testing.Seeds.Goal;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.auth.Role;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.tasks.NewTask;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoints through HTTP: listing, and the mutations that hand the work to a worker as a job (the
 * worker side runs in the node module's end-to-end test). What the API can check is refused before
 * anything is enqueued.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckpointApiTest {

  private static final String CREATE =
      "mutation($t: ID!, $n: String!) { createCheckpoint(taskId: $t, name: $n) {"
          + " id role kind state payload task { id } } }";
  private static final String ROLLBACK =
      "mutation($c: ID!, $r: String) { rollbackToCheckpoint(checkpointId: $c, reason: $r) {"
          + " id role kind state payload } }";

  private ApiTestNode api;
  private Seeds seeds;
  private UUID tenantA;
  private String userA;
  private String userB;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of("AGENTRY_HTTP_RATE_LIMIT_BURST", "100000"));
    seeds = new Seeds(api);
    tenantA = api.newTenant();
    userA = api.key(tenantA, Role.USER);
    userB = api.key(api.newTenant(), Role.USER);
  }

  @AfterAll
  void stop() {
    seeds.cancelGoals();
    api.close();
  }

  @Test
  void createCheckpoint_enqueues_a_coder_job_for_the_goals_workspace() {
    String agentKey = api.key(tenantA, Role.AGENT);
    String agent = seeds.agent(agentKey, "coder-" + UUID.randomUUID());
    Goal goal = seeds.goal(userA, seeds.project(userA), agent);

    JsonObject job =
        api.data(userA, CREATE, new JsonObject().put("t", goal.taskId()).put("n", "before-v2"))
            .getJsonObject("createCheckpoint");

    assertThat(job.getString("role")).isEqualTo("coder");
    assertThat(job.getString("kind")).isEqualTo("checkpoint");
    assertThat(job.getString("state")).isEqualTo("QUEUED");
    assertThat(job.getJsonObject("task").getString("id")).isEqualTo(goal.taskId());
    JsonObject payload = job.getJsonObject("payload");
    assertThat(payload.getString("taskId")).isEqualTo(goal.taskId());
    assertThat(payload.getString("agentId")).as("whose workspace").isEqualTo(agent);
    assertThat(payload.getString("name")).isEqualTo("before-v2");
    assertThat(UUID.fromString(payload.getString("checkpointId"))).isNotNull();
    assertThat(payload.getString("requestedBy")).startsWith("apikey:");
    // An agent key may set checkpoints too (running work is PROJECT_EXECUTE).
    assertThat(
            api.data(
                    agentKey, CREATE, new JsonObject().put("t", goal.taskId()).put("n", "by-agent"))
                .getJsonObject("createCheckpoint")
                .getString("kind"))
        .isEqualTo("checkpoint");
  }

  @Test
  void bad_and_taken_names_are_refused_before_anything_is_enqueued() {
    Goal goal = seeds.goal(userA, seeds.project(userA), null);
    seeds.checkpoint(goal, "green", 3);
    long jobsBefore = checkpointJobs(goal);

    for (String bad : new String[] {"has space", "a..b", "x.lock", "-dash", "", "x".repeat(201)}) {
      assertThat(
              api.errorCode(userA, CREATE, new JsonObject().put("t", goal.taskId()).put("n", bad)))
          .as(bad)
          .isEqualTo("BAD_USER_INPUT");
    }
    assertThat(
            api.errorCode(
                userA, CREATE, new JsonObject().put("t", goal.taskId()).put("n", "green")))
        .isEqualTo("ILLEGAL_STATE");
    assertThat(checkpointJobs(goal)).isEqualTo(jobsBefore);

    // A task that is no goal (here a plan item of one) has no workspace to checkpoint.
    LedgerStore ledger = LedgerStore.create(api.node.pg());
    Task item =
        TaskService.create(
                api.node.pg(),
                ledger,
                AgentService.create(api.node.pg(), ledger, FlapPolicy.defaults()))
            .create(
                new NewTask(
                    UUID.fromString(goal.projectId()),
                    UUID.fromString(goal.taskId()),
                    "plan item",
                    "",
                    0,
                    2,
                    null,
                    null))
            .await();
    JsonObject notAGoal =
        api.post(userA, CREATE, new JsonObject().put("t", item.id().toString()).put("n", "x"))
            .bodyAsJsonObject();
    JsonObject error = notAGoal.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("ILLEGAL_STATE");
    assertThat(error.getString("message")).contains("no workspace");
  }

  @Test
  void rollback_is_refused_while_the_goal_runs_and_enqueued_once_it_stopped() {
    Goal goal = seeds.goal(userA, seeds.project(userA), null);
    String checkpoint = seeds.checkpoint(goal, "iteration-1-green-7", 5);
    JsonObject vars = new JsonObject().put("c", checkpoint).put("r", "the rewrite broke parsing");

    JsonObject refused = api.post(userA, ROLLBACK, vars).bodyAsJsonObject();
    JsonObject error = refused.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("ILLEGAL_STATE");
    assertThat(error.getString("message")).contains("is running");
    assertThat(checkpointJobs(goal)).isZero();

    seeds.goalState(goal, "stopped");
    JsonObject job = api.data(userA, ROLLBACK, vars).getJsonObject("rollbackToCheckpoint");
    assertThat(job.getString("role")).isEqualTo("coder");
    assertThat(job.getString("kind")).isEqualTo("rollback");
    JsonObject payload = job.getJsonObject("payload");
    assertThat(payload.getString("checkpointId")).isEqualTo(checkpoint);
    assertThat(payload.getString("taskId")).isEqualTo(goal.taskId());
    assertThat(payload.getString("reason")).isEqualTo("the rewrite broke parsing");

    assertThat(
            api.errorCode(userA, ROLLBACK, new JsonObject().put("c", UUID.randomUUID().toString())))
        .isEqualTo("NOT_FOUND");
    assertThat(api.errorCode(userA, ROLLBACK, vars.copy().put("r", "x".repeat(2_001))))
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void checkpoints_are_listed_per_project_and_per_task() {
    String project = seeds.project(userA);
    Goal one = seeds.goal(userA, project, null);
    Goal two = seeds.goal(userA, project, null);
    String first = seeds.checkpoint(one, "a", 4);
    seeds.checkpoint(one, "b", 9);
    seeds.checkpoint(two, "c", 12);

    String query =
        "query($p: ID!, $t: ID) { checkpoints(projectId: $p, taskId: $t) { edges { node {"
            + " id name ledgerSeq commitId createdBy createdAt task { id } } } } }";
    JsonArray all =
        api.data(userA, query, new JsonObject().put("p", project))
            .getJsonObject("checkpoints")
            .getJsonArray("edges");
    assertThat(all).hasSize(3);
    JsonObject a = all.getJsonObject(0).getJsonObject("node");
    assertThat(a.getString("id")).isEqualTo(first);
    assertThat(a.getString("name")).isEqualTo("a");
    assertThat(a.getInteger("ledgerSeq")).isEqualTo(4);
    assertThat(a.getString("commitId")).isEqualTo("c0ffee4");
    assertThat(a.getString("createdBy")).isEqualTo("tester");
    assertThat(a.getJsonObject("task").getString("id")).isEqualTo(one.taskId());
    JsonArray ofTwo =
        api.data(userA, query, new JsonObject().put("p", project).put("t", two.taskId()))
            .getJsonObject("checkpoints")
            .getJsonArray("edges");
    assertThat(ofTwo).hasSize(1);

    JsonObject ofTask =
        api.data(
                userA,
                "query($t: ID!) { task(id: $t) { checkpoints(first: 1) { edges { node { name } }"
                    + " pageInfo { hasNextPage } } } }",
                new JsonObject().put("t", one.taskId()))
            .getJsonObject("task")
            .getJsonObject("checkpoints");
    assertThat(
            ofTask.getJsonArray("edges").getJsonObject(0).getJsonObject("node").getString("name"))
        .isEqualTo("a");
    assertThat(ofTask.getJsonObject("pageInfo").getBoolean("hasNextPage")).isTrue();
  }

  @Test
  void another_tenant_and_a_viewer_cannot_touch_checkpoints() {
    Goal goal = seeds.goal(userA, seeds.project(userA), null);
    String checkpoint = seeds.checkpoint(goal, "mine", 2);
    seeds.goalState(goal, "completed");
    JsonObject vars =
        new JsonObject()
            .put("t", goal.taskId())
            .put("n", "theirs")
            .put("c", checkpoint)
            .put("p", goal.projectId());

    assertThat(api.errorCode(userB, CREATE, vars)).isEqualTo("NOT_FOUND");
    assertThat(api.errorCode(userB, ROLLBACK, vars)).isEqualTo("NOT_FOUND");
    assertThat(
            api.errorCode(
                userB, "query($p: ID!) { checkpoints(projectId: $p) { edges { cursor } } }", vars))
        .isEqualTo("NOT_FOUND");
    assertThat(checkpointJobs(goal)).isZero();

    String viewer = api.key(tenantA, Role.VIEWER);
    assertThat(api.errorCode(viewer, CREATE, vars)).isEqualTo("FORBIDDEN");
    assertThat(api.errorCode(viewer, ROLLBACK, vars)).isEqualTo("FORBIDDEN");
    assertThat(
            api.data(
                    viewer,
                    "query($p: ID!) { checkpoints(projectId: $p) { edges { cursor } } }",
                    vars)
                .getJsonObject("checkpoints")
                .getJsonArray("edges"))
        .hasSize(1);
  }

  private long checkpointJobs(Goal goal) {
    return api.node
        .pg()
        .preparedQuery(
            "SELECT count(*) FROM jobs WHERE task_id = $1 AND kind IN ('checkpoint', 'rollback')")
        .execute(Tuple.of(UUID.fromString(goal.taskId())))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }
}
