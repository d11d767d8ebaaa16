package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ModelTarget;
import io.agentry.core.llm.Usage;
import io.agentry.core.llm.usage.CallOutcome;
import io.agentry.core.llm.usage.Reservation;
import io.agentry.core.llm.usage.UsageStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code createTenant}, {@code usage}, {@code setBudget} and budgets, black-box through HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantsAndBudgetsTest {

  private static final String CREATE_TENANT =
      "mutation($n: String!) { createTenant(name: $n) {"
          + " tenant { id name } adminKey { token key { role prefix } } } }";

  private ApiTestNode api;
  private UUID operatorTenant;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
    operatorTenant =
        api.node
            .pg()
            .preparedQuery(
                "INSERT INTO tenants (id, name) VALUES ($1, $2)"
                    + " ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id")
            .execute(Tuple.of(UUID.randomUUID(), ApiServices.OPERATOR_TENANT))
            .await()
            .iterator()
            .next()
            .getUUID("id");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static JsonObject vars(String name) {
    return new JsonObject().put("n", name);
  }

  @Test
  void the_operator_creates_a_tenant_whose_first_admin_key_works_at_once() {
    String operator = api.key(operatorTenant, Role.ADMIN);
    String name = "acme-" + UUID.randomUUID();
    JsonObject created =
        api.data(operator, CREATE_TENANT, vars("  " + name + " ")).getJsonObject("createTenant");
    assertThat(created.getJsonObject("tenant").getString("name")).isEqualTo(name);
    String token = created.getJsonObject("adminKey").getString("token");
    assertThat(created.getJsonObject("adminKey").getJsonObject("key").getString("role"))
        .isEqualTo("ADMIN");
    assertThat(token)
        .startsWith(created.getJsonObject("adminKey").getJsonObject("key").getString("prefix"));

    JsonObject viewer = api.data(token, "{ viewer { role tenant { id name } } }", null);
    assertThat(viewer.getJsonObject("viewer").getJsonObject("tenant").getString("id"))
        .isEqualTo(created.getJsonObject("tenant").getString("id"));
    // The new tenant sees none of the operator's data and may not create tenants itself.
    assertThat(
            api.data(token, "{ projects { edges { cursor } } }", null)
                .getJsonObject("projects")
                .getJsonArray("edges"))
        .isEmpty();
    assertThat(api.errorCode(token, CREATE_TENANT, vars("x-" + UUID.randomUUID())))
        .isEqualTo("FORBIDDEN");

    assertThat(api.errorCode(operator, CREATE_TENANT, vars(name))).isEqualTo("ALREADY_EXISTS");
    assertThat(api.errorCode(operator, CREATE_TENANT, vars("   "))).isEqualTo("BAD_USER_INPUT");
    assertThat(api.errorCode(operator, CREATE_TENANT, vars("a\u0007b")))
        .isEqualTo("BAD_USER_INPUT");
    assertThat(api.errorCode(operator, CREATE_TENANT, vars("x".repeat(201))))
        .isEqualTo("BAD_USER_INPUT");
    assertThat(
            api.errorCode(
                api.key(operatorTenant, Role.USER), CREATE_TENANT, vars("u-" + UUID.randomUUID())))
        .isEqualTo("FORBIDDEN");
  }

  @Test
  void usage_per_model_and_budgets_of_projects_and_tasks() {
    UUID tenant = api.newTenant();
    String user = api.key(tenant, Role.USER);
    String projectId =
        api.data(user, "mutation { createProject(input: {name: \"u\"}) { id } }", null)
            .getJsonObject("createProject")
            .getString("id");
    String taskId =
        api.data(
                user,
                "mutation { submitGoal(projectId: \""
                    + projectId
                    + "\", goal: \"g\") { task { id } } }",
                null)
            .getJsonObject("submitGoal")
            .getJsonObject("task")
            .getString("id");
    UUID project = UUID.fromString(projectId);
    UUID task = UUID.fromString(taskId);
    UsageStore usage = UsageStore.create(api.node.pg());
    call(usage, CallContext.of(project, task, "coder", 3), "ollama/small", 1000, 200, "0.01");
    call(usage, CallContext.of(project, null, "architect", 3), "openrouter/big", 500, 100, "0.5");
    call(usage, CallContext.of(project, task, "coder", 3), "ollama/small", 10, 5, "0");

    String usageQuery =
        "query($p: ID!, $t: ID) { usage(projectId: $p, taskId: $t) { calls promptTokens"
            + " completionTokens totalTokens cost byModel { provider model calls totalTokens cost } } }";
    JsonObject all =
        api.data(user, usageQuery, new JsonObject().put("p", projectId)).getJsonObject("usage");
    assertThat(all.getLong("calls")).isEqualTo(3);
    assertThat(all.getLong("promptTokens")).isEqualTo(1510);
    assertThat(all.getLong("completionTokens")).isEqualTo(305);
    assertThat(all.getLong("totalTokens")).isEqualTo(1815);
    assertThat(all.getDouble("cost")).isEqualTo(0.51);
    JsonArray byModel = all.getJsonArray("byModel");
    assertThat(byModel).hasSize(2);
    assertThat(byModel.getJsonObject(0).getString("provider")).isEqualTo("ollama");
    assertThat(byModel.getJsonObject(0).getLong("calls")).isEqualTo(2);
    assertThat(byModel.getJsonObject(1).getString("model")).isEqualTo("big");
    JsonObject ofTask =
        api.data(user, usageQuery, new JsonObject().put("p", projectId).put("t", taskId))
            .getJsonObject("usage");
    assertThat(ofTask.getLong("totalTokens")).isEqualTo(1215);

    String setBudget =
        "mutation($p: ID!, $t: ID, $tok: Int, $cost: Float) { setBudget(projectId: $p,"
            + " taskId: $t, maxTokens: $tok, maxCost: $cost) { scope scopeId maxTokens maxCost"
            + " usedTokens usedCost reservedTokens remainingTokens remainingCost } }";
    JsonObject budget =
        api.data(
                user,
                setBudget,
                new JsonObject().put("p", projectId).put("tok", 2000).put("cost", 1.0))
            .getJsonObject("setBudget");
    assertThat(budget.getString("scope")).isEqualTo("PROJECT");
    assertThat(budget.getLong("usedTokens")).isEqualTo(1815); // calls before the budget count
    assertThat(budget.getLong("remainingTokens")).isEqualTo(185);
    assertThat(budget.getDouble("remainingCost")).isEqualTo(0.49);
    JsonObject taskBudget =
        api.data(user, setBudget, new JsonObject().put("p", projectId).put("t", taskId))
            .getJsonObject("setBudget");
    assertThat(taskBudget.getString("scope")).isEqualTo("TASK");
    assertThat(taskBudget.getValue("maxTokens")).isNull();
    assertThat(taskBudget.getValue("remainingTokens")).isNull();
    assertThat(taskBudget.getLong("usedTokens")).isEqualTo(1215);

    JsonObject read =
        api.data(
            user,
            "{ project(id: \""
                + projectId
                + "\") { budget { maxTokens usedTokens } }"
                + " tasks(projectId: \""
                + projectId
                + "\") { edges { node { budget { scope } } } } }",
            null);
    assertThat(read.getJsonObject("project").getJsonObject("budget").getLong("maxTokens"))
        .isEqualTo(2000);
    assertThat(
            read.getJsonObject("tasks")
                .getJsonArray("edges")
                .getJsonObject(0)
                .getJsonObject("node")
                .getJsonObject("budget")
                .getString("scope"))
        .isEqualTo("TASK");

    JsonObject p = new JsonObject().put("p", projectId);
    assertThat(api.errorCode(user, setBudget, p.copy().put("tok", -1))).isEqualTo("BAD_USER_INPUT");
    assertThat(api.errorCode(user, setBudget, p.copy().put("cost", -0.5)))
        .isEqualTo("BAD_USER_INPUT");
    assertThat(api.errorCode(api.key(tenant, Role.VIEWER), setBudget, p)).isEqualTo("FORBIDDEN");
    assertThat(api.errorCode(api.key(tenant, Role.AGENT), setBudget, p)).isEqualTo("FORBIDDEN");
    String stranger = api.key(api.newTenant(), Role.ADMIN);
    assertThat(api.errorCode(stranger, setBudget, p)).isEqualTo("NOT_FOUND");
    assertThat(api.errorCode(stranger, usageQuery, p)).isEqualTo("NOT_FOUND");
    String otherProject =
        api.data(user, "mutation { createProject(input: {name: \"o\"}) { id } }", null)
            .getJsonObject("createProject")
            .getString("id");
    assertThat(
            api.errorCode(
                user, usageQuery, new JsonObject().put("p", otherProject).put("t", taskId)))
        .isEqualTo("NOT_FOUND");
  }

  private static void call(
      UsageStore usage, CallContext context, String model, long in, long out, String cost) {
    UUID id =
        usage
            .reserve(new Reservation(context, ModelTarget.parse(model), in + out, BigDecimal.ONE))
            .await();
    usage
        .settle(id, CallOutcome.succeeded(new Usage(in, out, false), new BigDecimal(cost), 1, 5))
        .await();
  }
}
