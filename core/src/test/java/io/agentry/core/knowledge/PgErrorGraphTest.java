package io.agentry.core.knowledge;

import static io.agentry.core.knowledge.ErrorFingerprintsTest.read;
import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.PgTestFixture;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The error graph and its learning engine against the real PostgreSQL. */
class PgErrorGraphTest {

  private static final String DIFF =
      """
      --- a/src/calc.py
      +++ b/src/calc.py
      @@ -5,2 +5,4 @@ def mean(values):
      +    if not values:
      +        return 0
           return divide(sum(values), len(values))
      """;

  private static PgTestFixture db;
  private static ErrorGraph graph;

  @BeforeAll
  static void start() {
    db = PgTestFixture.start();
    graph = ErrorGraph.create(db.pool());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void the_same_error_is_one_node_counted_per_occurrence_and_project() {
    UUID tenant = db.newTenant();
    UUID a = db.newProject(tenant);
    UUID b = db.newProject(tenant);
    String inA = read("pytest-long.txt");

    ErrorNode first = graph.recordError(tenant, a, inA).await();
    graph.recordError(tenant, a, inA).await();
    ErrorNode third = graph.recordError(tenant, b, read("pytest-long-other-workspace.txt")).await();

    assertThat(third.id()).isEqualTo(first.id());
    assertThat(third.occurrences()).isEqualTo(3);
    assertThat(third.projectsSeen()).isEqualTo(2);
    assertThat(third.sample()).isEqualTo(inA);
    assertThat(third.type()).isEqualTo("ZeroDivisionError");
    assertThat(third.frames())
        .containsExactly("calc.py:divide", "calc.py:mean", "test_calc.py:test_mean_of_empty");
    assertThat(third.lastSeen()).isAfter(first.lastSeen());
    assertThat(third.firstSeen()).isEqualTo(first.firstSeen());
  }

  @Test
  void a_fix_learned_in_one_project_is_suggested_when_another_project_hits_the_error() {
    UUID tenant = db.newTenant();
    ErrorNode seen =
        graph.recordError(tenant, db.newProject(tenant), read("python-wsA.txt")).await();
    graph
        .recordAttempt(tenant, seen.id(), "Return 0 for an empty list", DIFF, true, "debugger/a1")
        .await();

    ErrorFingerprint elsewhere = ErrorFingerprints.of(read("python-wsB.txt"));
    FixSuggestion suggestion = graph.suggest(tenant, elsewhere.hash()).await().orElseThrow();

    assertThat(suggestion.error().id()).isEqualTo(seen.id());
    assertThat(suggestion.fix().description()).isEqualTo("Return 0 for an empty list");
    assertThat(suggestion.fix().patch()).isEqualTo(DIFF);
    assertThat(suggestion.fix().author()).isEqualTo("debugger/a1");
    assertThat(suggestion.confidence()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(suggestion.antiPatterns()).isEmpty();
  }

  @Test
  void the_fix_with_the_best_evidence_wins_and_the_same_fix_again_only_adds_counts() {
    UUID tenant = db.newTenant();
    ErrorNode error = recordSample(tenant, "pytest-short.txt");
    graph
        .recordAttempt(tenant, error.id(), "Guard the division", "patch-1", true, "coder/c1")
        .await();
    for (boolean success : new boolean[] {true, true, false, true}) {
      graph
          .recordAttempt(tenant, error.id(), "Return 0 when empty", DIFF, success, "debugger/d" + 1)
          .await();
    }

    FixSuggestion suggestion = graph.suggest(tenant, error.fingerprint()).await().orElseThrow();

    assertThat(suggestion.fix().description()).isEqualTo("Return 0 when empty");
    assertThat(suggestion.fix().successCount()).isEqualTo(3);
    assertThat(suggestion.fix().failureCount()).isEqualTo(1);
    assertThat(suggestion.confidence()).isCloseTo(Confidence.of(3, 1), within(1e-9));
    assertThat(graph.view(tenant, error.id()).await().solutions()).hasSize(2);
  }

  @Test
  void a_fix_that_keeps_failing_becomes_an_anti_pattern_and_is_never_suggested() {
    UUID tenant = db.newTenant();
    ErrorNode error = recordSample(tenant, "pytest-long.txt");
    String bad = "Catch ZeroDivisionError in the test";
    Solution once = graph.recordAttempt(tenant, error.id(), bad, "try: ...", false, "d1").await();
    assertThat(once.isAntiPattern()).isFalse();
    assertThat(graph.view(tenant, error.id()).await().patterns()).isEmpty();

    Solution twice = graph.recordAttempt(tenant, error.id(), bad, "try: ...", false, "d2").await();

    assertThat(twice.isAntiPattern()).isTrue();
    assertThat(graph.suggest(tenant, error.fingerprint()).await()).isEmpty();
    ErrorGraphView view = graph.view(tenant, error.id()).await();
    PatternNode anti = view.patterns().getFirst();
    assertThat(anti.kind()).isEqualTo(PatternKind.ANTI_PATTERN);
    assertThat(anti.name()).isEqualTo(bad);
    assertThat(anti.description()).contains("2 attempts, no success").contains("try: ...");
    assertThat(view.edges())
        .containsExactlyInAnyOrder(
            new GraphEdge(Relation.SOLVED_BY, error.id(), twice.id(), 0.25),
            new GraphEdge(Relation.INSTANCE_OF, twice.id(), anti.id(), 1),
            new GraphEdge(Relation.AVOID_FOR, anti.id(), error.id(), 2));

    graph.recordAttempt(tenant, error.id(), "Return 0 when empty", DIFF, true, "d3").await();
    FixSuggestion suggestion = graph.suggest(tenant, error.fingerprint()).await().orElseThrow();

    assertThat(suggestion.fix().description()).isEqualTo("Return 0 when empty");
    assertThat(suggestion.antiPatterns()).extracting(PatternNode::name).containsExactly(bad);
  }

  @Test
  void an_anti_pattern_that_works_after_all_stops_being_one() {
    UUID tenant = db.newTenant();
    ErrorNode error = recordSample(tenant, "java-caused-by.txt");
    for (int i = 0; i < 2; i++) {
      graph.recordAttempt(tenant, error.id(), "Retry the connection", "", false, "d").await();
    }
    assertThat(graph.view(tenant, error.id()).await().patterns()).hasSize(1);

    Solution worked =
        graph.recordAttempt(tenant, error.id(), "Retry the connection", "", true, "d").await();

    ErrorGraphView view = graph.view(tenant, error.id()).await();
    assertThat(view.patterns()).isEmpty();
    assertThat(view.edges()).extracting(GraphEdge::relation).containsExactly(Relation.SOLVED_BY);
    FixSuggestion suggestion = graph.suggest(tenant, error.fingerprint()).await().orElseThrow();
    assertThat(suggestion.fix().id()).isEqualTo(worked.id());
    assertThat(suggestion.confidence()).isCloseTo(Confidence.of(1, 2), within(1e-9));
  }

  @Test
  void patterns_explain_an_error_and_link_the_solutions_that_follow_them() {
    UUID tenant = db.newTenant();
    ErrorNode error = recordSample(tenant, "pytest-long.txt");
    Solution fix =
        graph.recordAttempt(tenant, error.id(), "Return 0 when empty", DIFF, true, "d").await();

    PatternNode pattern =
        graph
            .recordPattern(
                tenant,
                error.id(),
                fix.id(),
                PatternKind.PATTERN,
                "Aggregate over an empty collection",
                "Cause: dividing by len() of a list that can be empty. Prevention: guard it.")
            .await();
    PatternNode again =
        graph
            .recordPattern(
                tenant,
                error.id(),
                null,
                PatternKind.PATTERN,
                "Aggregate over an empty collection",
                "")
            .await();

    assertThat(again.id()).isEqualTo(pattern.id());
    assertThat(again.description()).startsWith("Cause: dividing by len()");
    ErrorGraphView view = graph.view(tenant, error.id()).await();
    assertThat(view.patterns()).extracting(PatternNode::id).containsExactly(pattern.id());
    assertThat(view.edges())
        .contains(
            new GraphEdge(Relation.EXPLAINS, pattern.id(), error.id(), 1),
            new GraphEdge(Relation.INSTANCE_OF, fix.id(), pattern.id(), 1));
    FixSuggestion suggestion = graph.suggest(tenant, error.fingerprint()).await().orElseThrow();
    assertThat(suggestion.patterns()).extracting(PatternNode::id).containsExactly(pattern.id());
  }

  @Test
  void two_workers_recording_the_same_error_and_attempts_at_once_lose_nothing() {
    UUID tenant = db.newTenant();
    UUID a = db.newProject(tenant);
    UUID b = db.newProject(tenant);
    Pool otherPool = TestDatabase.pool(db.vertx());
    try {
      ErrorGraph[] workers = {graph, ErrorGraph.create(otherPool)};
      ErrorFingerprint fp = ErrorFingerprints.of(read("pytest-long.txt"));
      List<Future<ErrorNode>> errors = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        errors.add(workers[i % 2].recordError(tenant, i % 4 == 0 ? a : b, fp, "sample " + i));
      }
      Future.all(errors).await();

      UUID errorId = errors.getFirst().result().id();
      assertThat(errors).allSatisfy(f -> assertThat(f.result().id()).isEqualTo(errorId));
      ErrorNode node = graph.find(tenant, fp.hash()).await().orElseThrow();
      assertThat(node.occurrences()).isEqualTo(40);
      assertThat(node.projectsSeen()).isEqualTo(2);

      List<Future<Solution>> attempts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        attempts.add(
            workers[i % 2].recordAttempt(
                tenant, errorId, "Guard empty input", DIFF, i % 4 != 0, "w"));
        attempts.add(
            workers[(i + 1) % 2].recordAttempt(tenant, errorId, "Bad idea", "x", false, "w"));
      }
      Future.all(attempts).await();

      ErrorGraphView view = graph.view(tenant, errorId).await();
      assertThat(view.solutions()).hasSize(2);
      Solution good = view.solutions().getFirst();
      assertThat(good.successCount()).isEqualTo(30);
      assertThat(good.failureCount()).isEqualTo(10);
      Solution bad = view.solutions().get(1);
      assertThat(bad.failureCount()).isEqualTo(40);
      assertThat(view.patterns()).extracting(PatternNode::name).containsExactly("Bad idea");
      assertThat(view.edges())
          .contains(
              new GraphEdge(Relation.AVOID_FOR, view.patterns().getFirst().id(), errorId, 40));
    } finally {
      otherPool.close().await();
    }
  }

  @Test
  void what_one_tenant_learned_never_reaches_another() {
    UUID owner = db.newTenant();
    UUID ownersProject = db.newProject(owner);
    UUID other = db.newTenant();
    UUID othersProject = db.newProject(other);
    ErrorFingerprint fp = ErrorFingerprints.of(read("python-wsA.txt"));
    ErrorNode learned = graph.recordError(owner, ownersProject, fp, "raw").await();
    Solution fix = graph.recordAttempt(owner, learned.id(), "Fix", DIFF, true, "d").await();

    ErrorNode othersNode = graph.recordError(other, othersProject, fp, "raw").await();

    assertThat(othersNode.id()).isNotEqualTo(learned.id());
    assertThat(othersNode.occurrences()).isEqualTo(1);
    assertThat(graph.suggest(other, fp.hash()).await()).isEmpty();
    assertThat(graph.suggest(owner, fp.hash()).await()).isPresent();
    assertThat(graph.list(other, null, null, 10).await())
        .extracting(ErrorNode::id)
        .containsExactly(othersNode.id());
    assertFailsWith(ErrorCode.NOT_FOUND, () -> graph.view(other, learned.id()).await());
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> graph.recordAttempt(other, learned.id(), "Steal", "", true, "x").await());
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> graph.recordError(other, ownersProject, fp, "raw").await(),
        "project " + ownersProject);
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () ->
            graph
                .recordPattern(other, othersNode.id(), fix.id(), PatternKind.PATTERN, "p", "")
                .await(),
        "solution " + fix.id());
  }

  @Test
  void errors_are_listed_newest_first_by_keyset_pages_and_filtered_by_project() {
    UUID tenant = db.newTenant();
    UUID a = db.newProject(tenant);
    UUID b = db.newProject(tenant);
    List<UUID> inA = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inA.add(graph.recordError(tenant, a, "ValueError: case " + (char) ('a' + i)).await().id());
    }
    UUID onlyB = graph.recordError(tenant, b, "KeyError: 'missing'").await().id();
    graph.recordError(tenant, b, "ValueError: case a").await();

    List<UUID> all =
        graph.list(tenant, null, null, 100).await().stream().map(ErrorNode::id).toList();
    List<UUID> page1 = ids(graph.list(tenant, a, null, 2).await());
    List<UUID> page2 = ids(graph.list(tenant, a, page1.getLast(), 2).await());
    List<UUID> page3 = ids(graph.list(tenant, a, page2.getLast(), 2).await());

    assertThat(all)
        .containsExactly(onlyB, inA.get(4), inA.get(3), inA.get(2), inA.get(1), inA.get(0));
    assertThat(page1).containsExactly(inA.get(4), inA.get(3));
    assertThat(page2).containsExactly(inA.get(2), inA.get(1));
    assertThat(page3).containsExactly(inA.get(0));
    assertThat(ids(graph.list(tenant, b, null, 10).await())).containsExactly(onlyB, inA.get(0));
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> graph.list(tenant, null, UUID.randomUUID(), 2).await(),
        "after");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> graph.list(tenant, null, null, 0).await(), "limit");
  }

  @Test
  void bad_input_is_refused_with_the_field_named() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    ErrorNode error = recordSample(tenant, "pytest-short.txt");
    ErrorFingerprint real = ErrorFingerprints.of("ValueError: x");
    ErrorFingerprint forged =
        new ErrorFingerprint(real.hash(), "TypeError", real.normalizedMessage(), real.frames());

    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> graph.recordError(tenant, project, forged, "x").await(),
        "fingerprint.hash");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> graph.recordError(tenant, project, " ").await(),
        "errorText");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> graph.recordAttempt(tenant, error.id(), " ", "", true, "d").await(),
        "description");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> graph.recordAttempt(tenant, error.id(), "d", "", true, "").await(),
        "author");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () ->
            graph
                .recordAttempt(
                    tenant, error.id(), "d", "x".repeat(ErrorGraph.MAX_PATCH + 1), true, "a")
                .await(),
        "patch");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> graph.recordPattern(tenant, error.id(), null, PatternKind.PATTERN, "", "").await(),
        "name");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> graph.recordAttempt(tenant, error.id(), "d", "a\u0000b", true, "a").await(),
        "NUL");
    assertThat(graph.recordError(tenant, project, "OSError: bad\u0000 read").await().sample())
        .isEqualTo("OSError: bad read");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> graph.suggest(tenant, "ABC").await(), "hash");
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> graph.recordError(UUID.randomUUID(), project, real, "x").await(),
        "tenant");
    assertThat(graph.view(tenant, error.id()).await().solutions()).isEmpty();
  }

  private static ErrorNode recordSample(UUID tenant, String sample) {
    return graph.recordError(tenant, db.newProject(tenant), read(sample)).await();
  }

  private static List<UUID> ids(List<ErrorNode> nodes) {
    return nodes.stream().map(ErrorNode::id).toList();
  }
}
