package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.api.testing.Seeds;
import io.agentry.core.auth.Role;
import io.agentry.core.knowledge.Confidence;
import io.agentry.core.knowledge.ErrorGraph;
import io.agentry.core.knowledge.ErrorNode;
import io.agentry.core.knowledge.PatternKind;
import io.agentry.core.knowledge.Solution;
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
 * The error knowledge graph through HTTP, recorded the way the debugger and tester record it (core
 * {@link ErrorGraph}): listing per tenant and project, one error's graph, the learning engine's
 * suggestion; nothing of it reaches another tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorGraphApiTest {

  private static final String DIVISION =
      """
      Traceback (most recent call last):
        File "/work/ws-1/src/stats.py", line 2, in mean
          return sum(xs) / len(xs)
      ZeroDivisionError: division by zero
      """;

  /** The same bug seen in another workspace: other paths and lines, same fingerprint. */
  private static final String DIVISION_ELSEWHERE =
      """
      Traceback (most recent call last):
        File "/tmp/other-checkout/src/stats.py", line 14, in mean
          return sum(xs) / len(xs)
      ZeroDivisionError: division by zero
      """;

  private static final String NUMPY = "ModuleNotFoundError: No module named 'numpy'";

  private static final String GRAPH =
      "query($id: ID!) { error(id: $id) { error { id fingerprint type message frames"
          + " occurrences projectsSeen } solutions { id description successCount failureCount"
          + " successRate confidence antiPattern lastSuccessAt } patterns { id kind name }"
          + " antiPatterns { id kind name } edges { relation fromKind fromId toKind toId weight } } }";

  private ApiTestNode api;
  private ErrorGraph graph;
  private UUID tenantA;
  private String userA;
  private String userB;
  private String project1;
  private String project2;
  private ErrorNode division;
  private ErrorNode numpy;
  private Solution guard;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of("AGENTRY_HTTP_RATE_LIMIT_BURST", "100000"));
    Seeds seeds = new Seeds(api);
    graph = ErrorGraph.create(api.node.pg());
    tenantA = api.newTenant();
    userA = api.key(tenantA, Role.VIEWER);
    userB = api.key(api.newTenant(), Role.ADMIN);
    String admin = api.key(tenantA, Role.ADMIN);
    project1 = seeds.project(admin);
    project2 = seeds.project(admin);

    UUID p1 = UUID.fromString(project1);
    UUID p2 = UUID.fromString(project2);
    division = graph.recordError(tenantA, p1, DIVISION).await();
    graph.recordError(tenantA, p2, DIVISION_ELSEWHERE).await();
    numpy = graph.recordError(tenantA, p2, NUMPY).await();
    for (boolean success : new boolean[] {true, false, true}) {
      guard =
          graph
              .recordAttempt(
                  tenantA,
                  division.id(),
                  "return 0.0 for an empty list",
                  "+ if not xs:",
                  success,
                  "debugger/x")
              .await();
    }
    for (int i = 0; i < 2; i++) {
      graph
          .recordAttempt(
              tenantA, division.id(), "cast len to float", "float(len(xs))", false, "debugger/y")
          .await();
    }
    graph
        .recordPattern(
            tenantA, division.id(), guard.id(), PatternKind.PATTERN, "empty input", "guard inputs")
        .await();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void errors_are_listed_newest_first_per_tenant_and_per_project() {
    String query =
        "query($p: ID, $n: Int, $a: String) { errors(projectId: $p, first: $n, after: $a) {"
            + " edges { node { id type message occurrences projectsSeen firstSeen } }"
            + " pageInfo { hasNextPage endCursor } } }";
    List<String> ids = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      JsonObject page =
          api.data(userA, query, new JsonObject().put("n", 1).put("a", after))
              .getJsonObject("errors");
      page.getJsonArray("edges")
          .forEach(e -> ids.add(((JsonObject) e).getJsonObject("node").getString("id")));
      more = page.getJsonObject("pageInfo").getBoolean("hasNextPage");
      after = page.getJsonObject("pageInfo").getString("endCursor");
    }
    assertThat(ids).containsExactly(numpy.id().toString(), division.id().toString());

    JsonArray inProject1 =
        api.data(userA, query, new JsonObject().put("p", project1))
            .getJsonObject("errors")
            .getJsonArray("edges");
    assertThat(inProject1).hasSize(1);
    JsonObject node = inProject1.getJsonObject(0).getJsonObject("node");
    assertThat(node.getString("type")).isEqualTo("ZeroDivisionError");
    assertThat(node.getString("message")).isEqualTo("division by zero");
    assertThat(node.getInteger("occurrences")).isEqualTo(2);
    assertThat(node.getInteger("projectsSeen")).isEqualTo(2);
  }

  @Test
  void one_error_comes_with_solutions_patterns_anti_patterns_and_edges() {
    JsonObject view =
        api.data(userA, GRAPH, new JsonObject().put("id", division.id().toString()))
            .getJsonObject("error");
    assertThat(view.getJsonObject("error").getJsonArray("frames").encode()).contains("stats.py");

    JsonArray solutions = view.getJsonArray("solutions");
    assertThat(solutions).hasSize(2);
    JsonObject best = solutions.getJsonObject(0);
    assertThat(best.getString("description")).isEqualTo("return 0.0 for an empty list");
    assertThat(best.getInteger("successCount")).isEqualTo(2);
    assertThat(best.getInteger("failureCount")).isEqualTo(1);
    assertThat(best.getDouble("confidence")).isCloseTo(Confidence.of(2, 1), within(1e-9));
    assertThat(best.getDouble("successRate")).isCloseTo(0.6, within(1e-9));
    assertThat(best.getBoolean("antiPattern")).isFalse();
    assertThat(best.getString("lastSuccessAt")).isNotNull();
    JsonObject failing = solutions.getJsonObject(1);
    assertThat(failing.getBoolean("antiPattern")).isTrue();
    assertThat(failing.getDouble("confidence")).isLessThan(0.2);

    assertThat(view.getJsonArray("patterns")).hasSize(1);
    assertThat(view.getJsonArray("patterns").getJsonObject(0).getString("name"))
        .isEqualTo("empty input");
    JsonArray anti = view.getJsonArray("antiPatterns");
    assertThat(anti).hasSize(1);
    assertThat(anti.getJsonObject(0).getString("kind")).isEqualTo("ANTI_PATTERN");
    assertThat(anti.getJsonObject(0).getString("name")).isEqualTo("cast len to float");

    List<String> relations = new ArrayList<>();
    view.getJsonArray("edges")
        .forEach(
            e -> {
              JsonObject edge = (JsonObject) e;
              relations.add(
                  edge.getString("relation")
                      + ":"
                      + edge.getString("fromKind")
                      + "->"
                      + edge.getString("toKind"));
              if (edge.getString("relation").equals("SOLVED_BY")) {
                assertThat(edge.getString("fromId")).isEqualTo(division.id().toString());
              }
            });
    assertThat(relations)
        .contains(
            "SOLVED_BY:ERROR->SOLUTION",
            "EXPLAINS:PATTERN->ERROR",
            "AVOID_FOR:PATTERN->ERROR",
            "INSTANCE_OF:SOLUTION->PATTERN");
    assertThat(relations.stream().filter(r -> r.startsWith("SOLVED_BY"))).hasSize(2);
  }

  @Test
  void suggestFix_answers_the_best_known_fix_for_the_same_error_from_another_workspace() {
    String query =
        "query($t: String!) { suggestFix(errorText: $t) { fingerprint confidence"
            + " error { id } fix { description patch } patterns { name } antiPatterns { name } } }";
    JsonObject suggestion =
        api.data(userA, query, new JsonObject().put("t", DIVISION_ELSEWHERE))
            .getJsonObject("suggestFix");
    assertThat(suggestion.getString("fingerprint")).isEqualTo(division.fingerprint());
    assertThat(suggestion.getJsonObject("error").getString("id"))
        .isEqualTo(division.id().toString());
    assertThat(suggestion.getJsonObject("fix").getString("description"))
        .isEqualTo("return 0.0 for an empty list");
    assertThat(suggestion.getDouble("confidence")).isCloseTo(Confidence.of(2, 1), within(1e-9));
    assertThat(suggestion.getJsonArray("antiPatterns").encode()).contains("cast len to float");

    // Known but never fixed, and never seen: no suggestion.
    assertThat(api.data(userA, query, new JsonObject().put("t", NUMPY)).getValue("suggestFix"))
        .isNull();
    assertThat(
            api.data(userA, query, new JsonObject().put("t", "KeyError: 'user_id'"))
                .getValue("suggestFix"))
        .isNull();
    assertThat(api.errorCode(userA, query, new JsonObject().put("t", "  ")))
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void another_tenant_neither_lists_nor_reads_nor_gets_suggestions() {
    assertThat(
            api.data(userB, "{ errors(first: 100) { edges { node { id } } } }", null)
                .getJsonObject("errors")
                .getJsonArray("edges"))
        .isEmpty();
    assertThat(api.errorCode(userB, GRAPH, new JsonObject().put("id", division.id().toString())))
        .isEqualTo("NOT_FOUND");
    assertThat(
            api.errorCode(
                userB,
                "query($p: ID) { errors(projectId: $p) { edges { cursor } } }",
                new JsonObject().put("p", project1)))
        .isEqualTo("NOT_FOUND");
    assertThat(
            api.data(
                    userB,
                    "query($t: String!) { suggestFix(errorText: $t) { confidence } }",
                    new JsonObject().put("t", DIVISION))
                .getValue("suggestFix"))
        .isNull();
    // A cursor naming another tenant's error is no cursor of this list.
    String foreignCursor =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("error:" + division.id()).getBytes());
    assertThat(
            api.errorCode(
                userB,
                "query($a: String) { errors(after: $a) { edges { cursor } } }",
                new JsonObject().put("a", foreignCursor)))
        .isEqualTo("BAD_USER_INPUT");
  }
}
