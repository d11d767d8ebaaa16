package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.api.testing.CountingPool;
import io.agentry.core.auth.Role;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A page of N tasks with their agents and projects costs the same statements for any N. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataLoaderQueryCountTest {

  private ApiTestNode api;
  private final CountingPool[] pool = new CountingPool[1];
  private String admin;

  private static final String PAGE =
      "query($p: ID!, $n: Int) { tasks(projectId: $p, first: $n) { edges { node {"
          + " id project { id name } assignedAgent { id name status } } } } }";

  @BeforeAll
  void start() {
    api =
        ApiTestNode.start(
            Map.of("AGENTRY_HTTP_RATE_LIMIT_BURST", "100000"),
            node -> pool[0] = new CountingPool(node.pg()));
    admin = api.key(api.newTenant(), Role.ADMIN);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private String projectWithTasks(int n) {
    String projectId =
        api.data(
                admin,
                "mutation($n: String!) { createProject(input: {name: $n}) { id } }",
                new JsonObject().put("n", "p" + n))
            .getJsonObject("createProject")
            .getString("id");
    for (int i = 0; i < n; i++) {
      String agentId =
          api.data(
                  admin,
                  "mutation($n: String!) { createAgent(input: {name: $n, roles: [CODER]}) { id } }",
                  new JsonObject().put("n", "agent-" + projectId + "-" + i))
              .getJsonObject("createAgent")
              .getString("id");
      api.data(
          admin,
          "mutation($p: ID!, $a: ID) { submitGoal(projectId: $p, goal: \"g\", agentId: $a)"
              + " { task { id } } }",
          new JsonObject().put("p", projectId).put("a", agentId));
    }
    return projectId;
  }

  private int statementsFor(String projectId, int n) {
    pool[0].reset();
    JsonObject data = api.data(admin, PAGE, new JsonObject().put("p", projectId).put("n", n));
    assertThat(data.getJsonObject("tasks").getJsonArray("edges")).hasSize(n);
    data.getJsonObject("tasks")
        .getJsonArray("edges")
        .forEach(
            e ->
                assertThat(((JsonObject) e).getJsonObject("node").getJsonObject("assignedAgent"))
                    .isNotNull());
    return pool[0].statements();
  }

  @Test
  void listing_tasks_with_their_agents_costs_a_constant_number_of_statements() {
    int small = statementsFor(projectWithTasks(2), 2);
    int large = statementsFor(projectWithTasks(12), 12);
    // key lookup + project check + page + one batched load each for agents and projects
    assertThat(large).isEqualTo(small);
    assertThat(large).isLessThanOrEqualTo(5);
  }
}
