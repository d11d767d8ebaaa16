package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.api.testing.Seeds;
import io.agentry.core.auth.Role;
import io.agentry.core.memory.Embedder;
import io.agentry.core.memory.MemoryCollection;
import io.agentry.core.memory.VectorMemory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Memory search through HTTP against the real Chroma, with memories stored the way the roles store
 * them (metadata {@code project}); and the error a client gets when Chroma is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemorySearchApiTest {

  private static final String SEARCH =
      "query($c: MemoryCollection!, $q: String!, $n: Int, $p: ID) { searchMemory(collection: $c,"
          + " query: $q, limit: $n, projectId: $p) { id text metadata similarity } }";

  private ApiTestNode api;
  private VectorMemory memory;
  private UUID tenantA;
  private String viewerA;
  private String userB;
  private String project1;
  private String project2;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
    Seeds seeds = new Seeds(api);
    tenantA = api.newTenant();
    String admin = api.key(tenantA, Role.ADMIN);
    viewerA = api.key(tenantA, Role.VIEWER);
    userB = api.key(api.newTenant(), Role.USER);
    project1 = seeds.project(admin);
    project2 = seeds.project(admin);
    memory =
        VectorMemory.create(api.vertx, api.node.config(), Embedder.miniLm(api.vertx, api.dataDir));
    store(
        "fix-1",
        "mean() of an empty list divided by zero; return 0.0 when the list is empty",
        project1);
    store("fix-2", "ModuleNotFoundError for yaml: add pyyaml to requirements.txt", project2);
    store("fix-3", "a flaky network test: retry the HTTP call with backoff", project2);
  }

  private void store(String id, String text, String project) {
    memory
        .store(
            tenantA,
            MemoryCollection.SOLUTIONS,
            id,
            text,
            new JsonObject().put("project", project).put("kind", "fix"))
        .await();
  }

  @AfterAll
  void stop() {
    if (memory != null) {
      memory.forgetTenant(tenantA).await();
    }
    api.close();
  }

  @Test
  void the_nearest_memories_come_first_and_a_project_filter_narrows_them() {
    JsonArray hits =
        api.data(
                viewerA,
                SEARCH,
                new JsonObject()
                    .put("c", "SOLUTIONS")
                    .put("q", "ZeroDivisionError in mean for []")
                    .put("n", 3))
            .getJsonArray("searchMemory");
    assertThat(hits).hasSize(3);
    JsonObject best = hits.getJsonObject(0);
    assertThat(best.getString("id")).isEqualTo("fix-1");
    assertThat(best.getString("text")).contains("divided by zero");
    assertThat(best.getJsonObject("metadata").getString("project")).isEqualTo(project1);
    assertThat(best.getDouble("similarity"))
        .isGreaterThan(hits.getJsonObject(1).getDouble("similarity"));

    JsonArray inProject2 =
        api.data(
                viewerA,
                SEARCH,
                new JsonObject()
                    .put("c", "SOLUTIONS")
                    .put("q", "ZeroDivisionError in mean for []")
                    .put("p", project2))
            .getJsonArray("searchMemory");
    assertThat(inProject2)
        .extracting(h -> ((JsonObject) h).getString("id"))
        .doesNotContain("fix-1");
    assertThat(inProject2).hasSize(2);

    // Another collection of the same tenant holds none of these.
    assertThat(
            api.data(viewerA, SEARCH, new JsonObject().put("c", "CODE_SNIPPETS").put("q", "mean"))
                .getJsonArray("searchMemory"))
        .isEmpty();
  }

  @Test
  void another_tenant_finds_nothing_and_cannot_name_a_foreign_project() {
    assertThat(
            api.data(
                    userB,
                    SEARCH,
                    new JsonObject().put("c", "SOLUTIONS").put("q", "divided by zero"))
                .getJsonArray("searchMemory"))
        .isEmpty();
    assertThat(
            api.errorCode(
                userB,
                SEARCH,
                new JsonObject().put("c", "SOLUTIONS").put("q", "x").put("p", project1)))
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void bad_limits_and_blank_queries_are_refused() {
    for (int limit : new int[] {0, 101}) {
      assertThat(
              api.errorCode(
                  viewerA,
                  SEARCH,
                  new JsonObject().put("c", "SOLUTIONS").put("q", "x").put("n", limit)))
          .isEqualTo("BAD_USER_INPUT");
    }
    assertThat(api.errorCode(viewerA, SEARCH, new JsonObject().put("c", "SOLUTIONS").put("q", " ")))
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void chroma_down_is_unavailable_with_its_code_and_the_node_stays_healthy() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ApiTestNode down =
        ApiTestNode.start(
            Map.of(
                "AGENTRY_CHROMA_URL",
                "http://127.0.0.1:" + closedPort,
                "AGENTRY_CHROMA_TIMEOUT_MS",
                "2000"))) {
      String key = down.key(down.newTenant(), Role.VIEWER);
      JsonObject body =
          down.post(key, SEARCH, new JsonObject().put("c", "SOLUTIONS").put("q", "anything"))
              .bodyAsJsonObject();
      JsonObject error = body.getJsonArray("errors").getJsonObject(0);
      assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("UNAVAILABLE");
      assertThat(error.getString("message")).contains("Chroma");
      assertThat(
              down.data(key, "{ viewer { role } }", null).getJsonObject("viewer").getString("role"))
          .isEqualTo("VIEWER");
    }
  }
}
