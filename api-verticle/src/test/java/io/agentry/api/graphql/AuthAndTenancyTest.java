package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Keys, roles and tenants, black-box through HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthAndTenancyTest {

  private ApiTestNode api;
  private String adminA;
  private String userA;
  private String adminB;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
    UUID a = api.newTenant();
    adminA = api.key(a, Role.ADMIN);
    userA = api.key(a, Role.USER);
    adminB = api.key(api.newTenant(), Role.ADMIN);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private String createProject(String token, String name) {
    return api.data(
            token,
            "mutation($n: String!) { createProject(input: {name: $n}) { id } }",
            new JsonObject().put("n", name))
        .getJsonObject("createProject")
        .getString("id");
  }

  @Test
  void requests_without_a_valid_key_get_401_unauthenticated() {
    var none = api.post(null, "{ viewer { role } }", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("www-authenticate")).isEqualTo("Bearer");
    assertThat(api.errorCode(null, "{ viewer { role } }", null)).isEqualTo("UNAUTHENTICATED");
    assertThat(
            api.post("agk_forged-token-that-does-not-exist", "{ viewer { role } }", null)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void each_role_gets_exactly_what_the_matrix_grants() {
    UUID tenant = api.newTenant();
    String viewer = api.key(tenant, Role.VIEWER);
    String agent = api.key(tenant, Role.AGENT);
    String user = api.key(tenant, Role.USER);
    String create = "mutation { createProject(input: {name: \"x\"}) { id } }";
    String createAgent = "mutation { createAgent(input: {name: \"a\", roles: [CODER]}) { id } }";
    assertThat(api.errorCode(viewer, create, null)).isEqualTo("FORBIDDEN");
    assertThat(api.errorCode(agent, create, null)).isEqualTo("FORBIDDEN");
    assertThat(api.errorCode(user, createAgent, null)).isEqualTo("FORBIDDEN");
    assertThat(api.errorCode(viewer, "{ clusterNodes { id } }", null)).isEqualTo("FORBIDDEN");
    assertThat(api.errorCode(user, "{ apiKeys { edges { cursor } } }", null))
        .isEqualTo("FORBIDDEN");
    assertThat(
            api.data(viewer, "{ viewer { role } }", null).getJsonObject("viewer").getString("role"))
        .isEqualTo("VIEWER");
    assertThat(api.data(agent, createAgent, null).getJsonObject("createAgent")).isNotNull();
    assertThat(api.data(agent, "{ clusterNodes { id } }", null).getJsonArray("clusterNodes"))
        .isNotEmpty();
    assertThat(api.data(user, create, null).getJsonObject("createProject")).isNotNull();
  }

  @Test
  void another_tenant_sees_neither_by_id_nor_by_listing() {
    String projectId = createProject(userA, "secret-" + UUID.randomUUID());
    String taskId =
        api.data(
                userA,
                "mutation($p: ID!) { submitGoal(projectId: $p, goal: \"g\") { task { id } job { id } } }",
                new JsonObject().put("p", projectId))
            .getJsonObject("submitGoal")
            .getJsonObject("task")
            .getString("id");
    JsonObject vars = new JsonObject().put("p", projectId).put("t", taskId);

    for (String q :
        new String[] {
          "query($p: ID!) { project(id: $p) { name } }",
          "query($t: ID!) { task(id: $t) { goal } }",
          "query($p: ID!) { tasks(projectId: $p) { edges { node { id } } } }",
          "query($p: ID!) { jobs(projectId: $p) { edges { node { id } } } }",
          "query($p: ID!) { ledger(projectId: $p) { edges { node { seq } } } }",
          "mutation($t: ID!) { cancelTask(id: $t) { id } }",
          "mutation($p: ID!) { submitGoal(projectId: $p, goal: \"x\") { task { id } } }"
        }) {
      assertThat(api.errorCode(adminB, q, vars)).as(q).isEqualTo("NOT_FOUND");
    }
    JsonArray listed =
        api.data(adminB, "{ projects(first: 100) { edges { node { id } } } }", null)
            .getJsonObject("projects")
            .getJsonArray("edges");
    assertThat(listed.encode()).doesNotContain(projectId);
    // The owner still sees everything, including the GoalSubmitted event.
    JsonArray events =
        api.data(
                userA, "query($p: ID!) { ledger(projectId: $p) { edges { node { type } } } }", vars)
            .getJsonObject("ledger")
            .getJsonArray("edges");
    assertThat(events.encode()).contains("ProjectCreated", "TaskCreated", "GoalSubmitted");
  }

  @Test
  void agents_are_listed_per_tenant_with_filters_and_pages() {
    UUID tenant = api.newTenant();
    String agentKey = api.key(tenant, Role.AGENT);
    for (int i = 0; i < 3; i++) {
      api.data(
          agentKey,
          "mutation($n: String!) { createAgent(input: {name: $n, roles: [TESTER]}) { id } }",
          new JsonObject().put("n", "t" + i));
    }
    String id =
        api.data(
                agentKey,
                "mutation { createAgent(input: {name: \"c\", roles: [CODER]}) { id } }",
                null)
            .getJsonObject("createAgent")
            .getString("id");
    api.data(
        agentKey,
        "mutation($id: ID!) { startAgent(id: $id) { status } }",
        new JsonObject().put("id", id));

    JsonObject page1 =
        api.data(
                agentKey,
                "{ agents(first: 2, role: TESTER) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }",
                null)
            .getJsonObject("agents");
    assertThat(page1.getJsonArray("edges")).hasSize(2);
    assertThat(page1.getJsonObject("pageInfo").getBoolean("hasNextPage")).isTrue();
    JsonObject page2 =
        api.data(
                agentKey,
                "query($a: String) { agents(first: 2, role: TESTER, after: $a) { edges { node { name } } pageInfo { hasNextPage } } }",
                new JsonObject().put("a", page1.getJsonObject("pageInfo").getString("endCursor")))
            .getJsonObject("agents");
    assertThat(page2.getJsonArray("edges")).hasSize(1);
    assertThat(page2.getJsonObject("pageInfo").getBoolean("hasNextPage")).isFalse();
    JsonArray running =
        api.data(agentKey, "{ agents(status: RUNNING) { edges { node { id name } } } }", null)
            .getJsonObject("agents")
            .getJsonArray("edges");
    assertThat(running).hasSize(1);
    assertThat(api.data(adminB, "{ agents { edges { node { id } } } }", null).encode())
        .doesNotContain(id);
    assertThat(
            api.errorCode(
                adminB,
                "query($id: ID!) { agent(id: $id) { name } }",
                new JsonObject().put("id", id)))
        .isEqualTo("NOT_FOUND");
    assertThat(
            api.errorCode(
                adminB,
                "mutation($id: ID!) { stopAgent(id: $id) { status } }",
                new JsonObject().put("id", id)))
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void api_keys_are_created_once_shown_and_revoked() {
    JsonObject created =
        api.data(
                adminA,
                "mutation { createApiKey(name: \"ci\", role: VIEWER) { token key { id prefix } } }",
                null)
            .getJsonObject("createApiKey");
    String token = created.getString("token");
    assertThat(token).startsWith(created.getJsonObject("key").getString("prefix"));
    assertThat(api.data(token, "{ viewer { role } }", null).encode()).contains("VIEWER");
    assertThat(
            api.data(adminA, "{ apiKeys(first: 100) { edges { node { prefix } } } }", null)
                .encode())
        .doesNotContain(token);
    String keyId = created.getJsonObject("key").getString("id");
    assertThat(
            api.errorCode(
                adminB,
                "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
                new JsonObject().put("id", keyId)))
        .isEqualTo("NOT_FOUND");
    api.data(
        adminA,
        "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
        new JsonObject().put("id", keyId));
    assertThat(api.post(token, "{ viewer { role } }", null).statusCode()).isEqualTo(401);
  }

  @Test
  void invalid_input_gets_bad_user_input_naming_the_field() {
    String projectId = createProject(userA, "v-" + UUID.randomUUID());
    String code =
        api.errorCode(
            userA,
            "mutation($p: ID!) { submitGoal(projectId: $p, goal: \"g\", complexity: 11) { task { id } } }",
            new JsonObject().put("p", projectId));
    assertThat(code).isEqualTo("BAD_USER_INPUT");
    assertThat(api.errorCode(userA, "{ projects(first: 1000) { edges { cursor } } }", null))
        .isEqualTo("BAD_USER_INPUT");
    assertThat(api.errorCode(userA, "{ projects(after: \"garbage\") { edges { cursor } } }", null))
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void the_bootstrap_key_file_is_private_to_its_owner() throws Exception {
    var key = new io.agentry.core.auth.IssuedKey(null, "agk_example");
    var file = io.agentry.api.auth.AdminKeyFile.write(api.dataDir, key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file).strip()).isEqualTo("agk_example");
  }
}
