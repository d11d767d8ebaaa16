package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.api.testing.Seeds;
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

/** A project's shared context through HTTP: versions, optimistic writes, history, rollback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedContextApiTest {

  private static final String WRITE =
      "mutation($p: ID!, $k: String!, $v: JSON!, $e: Int) { writeContext(projectId: $p, key: $k,"
          + " value: $v, expectedVersion: $e) { key version value author restoredFrom createdAt } }";
  private static final String READ =
      "query($p: ID!, $k: String!, $ver: Int) { context(projectId: $p, key: $k, version: $ver) {"
          + " version value restoredFrom } }";
  private static final String HISTORY =
      "query($p: ID!, $k: String!, $n: Int, $a: String) { contextHistory(projectId: $p, key: $k,"
          + " first: $n, after: $a) { edges { node { version value } }"
          + " pageInfo { hasNextPage endCursor } } }";

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
    api.close();
  }

  private JsonObject write(String token, String project, String key, JsonObject value, Integer e) {
    return api.data(
            token,
            WRITE,
            new JsonObject().put("p", project).put("k", key).put("v", value).put("e", e))
        .getJsonObject("writeContext");
  }

  @Test
  void writes_make_numbered_versions_and_rollback_restores_one_as_a_new_version() {
    String project = seeds.project(userA);
    JsonObject v1 = write(userA, project, "plan", new JsonObject().put("steps", 1), null);
    assertThat(v1.getInteger("version")).isEqualTo(1);
    assertThat(v1.getString("author")).startsWith("apikey:");
    write(userA, project, "plan", new JsonObject().put("steps", 2), 1);
    write(userA, project, "plan", new JsonObject().put("steps", 3), null);

    JsonObject current =
        api.data(userA, READ, new JsonObject().put("p", project).put("k", "plan"))
            .getJsonObject("context");
    assertThat(current.getInteger("version")).isEqualTo(3);
    assertThat(current.getJsonObject("value").getInteger("steps")).isEqualTo(3);
    JsonObject second =
        api.data(userA, READ, new JsonObject().put("p", project).put("k", "plan").put("ver", 2))
            .getJsonObject("context");
    assertThat(second.getJsonObject("value").getInteger("steps")).isEqualTo(2);
    assertThat(
            api.data(userA, READ, new JsonObject().put("p", project).put("k", "never-written"))
                .getValue("context"))
        .isNull();
    assertThat(
            api.errorCode(
                userA, READ, new JsonObject().put("p", project).put("k", "plan").put("ver", 9)))
        .isEqualTo("NOT_FOUND");

    JsonObject restored =
        api.data(
                userA,
                "mutation($p: ID!) { rollbackContext(projectId: $p, key: \"plan\", toVersion: 1)"
                    + " { version value restoredFrom } }",
                new JsonObject().put("p", project))
            .getJsonObject("rollbackContext");
    assertThat(restored.getInteger("version")).isEqualTo(4);
    assertThat(restored.getInteger("restoredFrom")).isEqualTo(1);
    assertThat(restored.getJsonObject("value").getInteger("steps")).isEqualTo(1);

    // History, newest first, in pages that follow each other.
    List<Integer> versions = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      JsonObject page =
          api.data(
                  userA,
                  HISTORY,
                  new JsonObject().put("p", project).put("k", "plan").put("n", 3).put("a", after))
              .getJsonObject("contextHistory");
      page.getJsonArray("edges")
          .forEach(e -> versions.add(((JsonObject) e).getJsonObject("node").getInteger("version")));
      more = page.getJsonObject("pageInfo").getBoolean("hasNextPage");
      after = page.getJsonObject("pageInfo").getString("endCursor");
    }
    assertThat(versions).containsExactly(4, 3, 2, 1);

    String ledger =
        api.data(
                userA,
                "query($p: ID!) { ledger(projectId: $p, first: 100) { edges { node { type } } } }",
                new JsonObject().put("p", project))
            .encode();
    assertThat(ledger).contains("ContextWritten", "ContextRolledBack");
  }

  @Test
  void a_stale_expected_version_writes_nothing_and_bad_input_is_refused() {
    String project = seeds.project(userA);
    write(userA, project, "notes", new JsonObject().put("n", 1), 0);
    JsonObject stale =
        new JsonObject()
            .put("p", project)
            .put("k", "notes")
            .put("v", new JsonObject().put("n", 2))
            .put("e", 0);
    assertThat(api.errorCode(userA, WRITE, stale)).isEqualTo("ILLEGAL_STATE");
    assertThat(
            api.data(userA, READ, new JsonObject().put("p", project).put("k", "notes"))
                .getJsonObject("context")
                .getInteger("version"))
        .isEqualTo(1);

    JsonObject notAnObject =
        new JsonObject().put("p", project).put("k", "notes").put("v", new JsonArray().add(1));
    assertThat(api.errorCode(userA, WRITE, notAnObject)).isEqualTo("BAD_USER_INPUT");
    JsonObject badKey =
        new JsonObject().put("p", project).put("k", "no spaces").put("v", new JsonObject());
    assertThat(api.errorCode(userA, WRITE, badKey)).isEqualTo("BAD_USER_INPUT");
    assertThat(api.errorCode(userA, HISTORY, new JsonObject().put("p", project).put("k", "../x")))
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void keys_are_listed_in_order_and_in_pages() {
    String project = seeds.project(userA);
    for (String key : new String[] {"decisions", "plan", "arch/db", "notes"}) {
      write(userA, project, key, new JsonObject().put("k", key), null);
    }
    String query =
        "query($p: ID!, $n: Int, $a: String) { contextKeys(projectId: $p, first: $n, after: $a) {"
            + " edges { node { key currentVersion updatedAt } } pageInfo { hasNextPage endCursor } } }";
    JsonObject page1 =
        api.data(userA, query, new JsonObject().put("p", project).put("n", 3))
            .getJsonObject("contextKeys");
    JsonObject page2 =
        api.data(
                userA,
                query,
                new JsonObject()
                    .put("p", project)
                    .put("n", 3)
                    .put("a", page1.getJsonObject("pageInfo").getString("endCursor")))
            .getJsonObject("contextKeys");
    List<String> keys = new ArrayList<>();
    for (JsonObject page : List.of(page1, page2)) {
      page.getJsonArray("edges")
          .forEach(e -> keys.add(((JsonObject) e).getJsonObject("node").getString("key")));
    }
    assertThat(keys).containsExactly("arch/db", "decisions", "notes", "plan");
    assertThat(page2.getJsonObject("pageInfo").getBoolean("hasNextPage")).isFalse();
  }

  @Test
  void another_tenant_gets_not_found_and_a_viewer_may_only_read() {
    String project = seeds.project(userA);
    write(userA, project, "secret", new JsonObject().put("s", "A's"), null);
    JsonObject vars =
        new JsonObject()
            .put("p", project)
            .put("k", "secret")
            .put("v", new JsonObject().put("s", "B's"));
    for (String q :
        new String[] {
          WRITE,
          READ,
          HISTORY,
          "query($p: ID!) { contextKeys(projectId: $p) { edges { cursor } } }",
          "mutation($p: ID!, $k: String!) { rollbackContext(projectId: $p, key: $k, toVersion: 1)"
              + " { version } }"
        }) {
      assertThat(api.errorCode(userB, q, vars)).as(q).isEqualTo("NOT_FOUND");
    }
    String viewer = api.key(tenantA, Role.VIEWER);
    assertThat(api.errorCode(viewer, WRITE, vars)).isEqualTo("FORBIDDEN");
    assertThat(
            api.data(viewer, READ, vars)
                .getJsonObject("context")
                .getJsonObject("value")
                .getString("s"))
        .isEqualTo("A's");
    // An agent key writes context as part of its work.
    String agent = api.key(tenantA, Role.AGENT);
    assertThat(
            write(agent, project, "secret", new JsonObject().put("s", "agent"), 1)
                .getInteger("version"))
        .isEqualTo(2);
  }
}
