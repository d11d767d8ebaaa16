package io.agentry.core.memory;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.memory.chroma.ChromaClient;
import io.agentry.core.memory.chroma.ChromaVectorMemory;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector memory against the real Chroma and the real MiniLM model. */
class VectorMemoryTest {

  static final String ZERO_DIVISION =
      """
      Traceback (most recent call last):
        File "stats.py", line 3, in average
          return sum(xs) / len(xs)
      ZeroDivisionError: division by zero""";
  static final String CSS = ".button { color: #fff; background: #0055aa; border-radius: 4px; }";
  static final String DB_TIMEOUT =
      "psycopg2.OperationalError: connection to server at 10.0.0.5 port 5432 timed out";

  private static Vertx vertx;
  private static AgentryConfig config;
  private static Embedder embedder;
  private static VectorMemory memory;
  private static ChromaClient chroma;
  private static final List<UUID> tenants = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    config = TestConfig.load();
    embedder = Embedder.miniLm(vertx, config.node().dataDir());
    memory = VectorMemory.create(vertx, config, embedder);
    chroma = ChromaClient.create(vertx, config.chroma());
  }

  @AfterAll
  static void stop() {
    for (UUID tenant : tenants) {
      memory.forgetTenant(tenant).await();
    }
    memory.close().await();
    chroma.close().await();
    embedder.close().await();
    vertx.close().await();
  }

  static UUID newTenant() {
    UUID tenant = UUID.randomUUID();
    tenants.add(tenant);
    return tenant;
  }

  static JsonObject project(String name) {
    return new JsonObject().put("project", name);
  }

  @Test
  void the_semantically_closest_memory_comes_first() {
    UUID tenant = newTenant();
    var c = MemoryCollection.ERROR_PATTERNS;
    memory.store(tenant, c, "css", CSS, project("p1")).await();
    memory.store(tenant, c, "zero", ZERO_DIVISION, project("p1")).await();
    memory.store(tenant, c, "db", DB_TIMEOUT, project("p1")).await();

    List<MemoryHit> hits =
        memory.search(tenant, c, "division by zero in average()", 3, null).await();

    assertThat(hits).extracting(MemoryHit::id).hasSize(3).first().isEqualTo("zero");
    assertThat(hits.get(0).text()).isEqualTo(ZERO_DIVISION);
    assertThat(hits.get(0).metadata().getString("project")).isEqualTo("p1");
    assertThat(hits.get(0).similarity()).isGreaterThan(hits.get(1).similarity() + 0.1);
    assertThat(hits.get(1).similarity()).isGreaterThanOrEqualTo(hits.get(2).similarity());
  }

  @Test
  void searching_for_the_stored_text_itself_gives_similarity_one() {
    UUID tenant = newTenant();
    memory.store(tenant, MemoryCollection.SOLUTIONS, "s1", DB_TIMEOUT, null).await();

    List<MemoryHit> hits =
        memory.search(tenant, MemoryCollection.SOLUTIONS, DB_TIMEOUT, 5, null).await();

    assertThat(hits)
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.similarity())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3)));
  }

  @Test
  void where_filters_restrict_hits_to_a_project() {
    UUID tenant = newTenant();
    var c = MemoryCollection.CODE_SNIPPETS;
    memory
        .store(tenant, c, "a", "def average(xs): return sum(xs) / len(xs)", project("p1"))
        .await();
    memory
        .store(tenant, c, "b", "def mean(values): return sum(values) / len(values)", project("p2"))
        .await();
    memory.store(tenant, c, "c", CSS, project("p2")).await();

    List<MemoryHit> p2 = memory.search(tenant, c, "compute the average", 10, project("p2")).await();
    List<MemoryHit> p3 = memory.search(tenant, c, "compute the average", 10, project("p3")).await();
    List<MemoryHit> any =
        memory
            .search(
                tenant,
                c,
                "compute the average",
                10,
                new JsonObject()
                    .put(
                        "project",
                        new JsonObject().put("$in", new JsonArray().add("p1").add("p2"))))
            .await();

    assertThat(p2).extracting(MemoryHit::id).containsExactly("b", "c");
    assertThat(p3).isEmpty();
    assertThat(any).extracting(MemoryHit::id).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void nested_metadata_is_flattened_and_several_conditions_must_all_hold() {
    UUID tenant = newTenant();
    var c = MemoryCollection.ERROR_PATTERNS;
    JsonObject meta =
        new JsonObject()
            .put("project", "p1")
            .put("error", new JsonObject().put("type", "ZeroDivisionError").put("line", 3))
            .put("tags", new JsonArray().add("python").add("math"))
            .put("attempts", 2)
            .put("fixed", true)
            .put("dropped", (String) null);
    memory.store(tenant, c, "e1", ZERO_DIVISION, meta).await();
    memory
        .store(tenant, c, "e2", ZERO_DIVISION + " (again)", project("p1").put("attempts", 1))
        .await();

    MemoryHit hit =
        memory
            .search(
                tenant,
                c,
                "division by zero",
                5,
                project("p1").put("error", new JsonObject().put("type", "ZeroDivisionError")))
            .await()
            .getFirst();
    List<MemoryHit> retried =
        memory
            .search(
                tenant,
                c,
                "division by zero",
                5,
                project("p1").put("attempts", new JsonObject().put("$gte", 2)))
            .await();

    assertThat(hit.id()).isEqualTo("e1");
    assertThat(hit.metadata())
        .isEqualTo(
            new JsonObject()
                .put("project", "p1")
                .put("error.type", "ZeroDivisionError")
                .put("error.line", 3)
                .put("tags", "[\"python\",\"math\"]")
                .put("attempts", 2)
                .put("fixed", true));
    assertThat(retried).extracting(MemoryHit::id).containsExactly("e1");
  }

  @Test
  void storing_an_id_again_replaces_the_memory() {
    UUID tenant = newTenant();
    var c = MemoryCollection.SOLUTIONS;
    memory.store(tenant, c, "fix-1", "guard len(xs) == 0 before dividing", project("p1")).await();
    memory.store(tenant, c, "fix-1", "guard len(xs) == 0 before dividing", project("p1")).await();
    assertThat(memory.count(tenant, c).await()).isEqualTo(1);

    memory.store(tenant, c, "fix-1", "return 0.0 for an empty list", project("p2")).await();

    assertThat(memory.count(tenant, c).await()).isEqualTo(1);
    MemoryHit hit = memory.search(tenant, c, "empty list", 5, null).await().getFirst();
    assertThat(hit.text()).isEqualTo("return 0.0 for an empty list");
    assertThat(hit.metadata()).isEqualTo(project("p2"));
  }

  @Test
  void a_tenant_never_sees_or_changes_another_tenants_memories() {
    UUID alice = newTenant();
    UUID bob = newTenant();
    var c = MemoryCollection.REQUIREMENTS;
    memory.store(alice, c, "r1", "Alice's secret: the payroll export runs nightly", null).await();
    memory.store(bob, c, "other", "Bob wants a dark theme", null).await();

    List<MemoryHit> bobSees = memory.search(bob, c, "payroll export secret", 10, null).await();
    memory.forget(bob, c, "r1").await();
    memory.store(bob, c, "r1", "Bob's own r1", null).await();

    assertThat(bobSees).extracting(MemoryHit::id).containsExactly("other");
    assertThat(memory.count(bob, c).await()).isEqualTo(2);
    List<MemoryHit> aliceSees = memory.search(alice, c, "payroll export secret", 10, null).await();
    assertThat(aliceSees)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.id()).isEqualTo("r1");
              assertThat(h.text()).startsWith("Alice's secret");
            });
    assertThat(memory.count(alice, MemoryCollection.CODE_SNIPPETS).await()).isZero();
  }

  @Test
  void forgetting_tenant_removes_only_that_tenant() {
    UUID gone = newTenant();
    UUID stays = newTenant();
    memory.store(gone, MemoryCollection.SOLUTIONS, "x", "restart the worker", null).await();
    memory.store(stays, MemoryCollection.SOLUTIONS, "x", "restart the worker", null).await();

    memory.forgetTenant(gone).await();

    assertThat(memory.count(gone, MemoryCollection.SOLUTIONS).await()).isZero();
    assertThat(memory.search(gone, MemoryCollection.SOLUTIONS, "restart", 5, null).await())
        .isEmpty();
    assertThat(memory.count(stays, MemoryCollection.SOLUTIONS).await()).isEqualTo(1);
    memory.forgetTenant(gone).await(); // twice is fine
  }

  @Test
  void forget_removes_one_memory_and_forget_matching_removes_a_project() {
    UUID tenant = newTenant();
    var c = MemoryCollection.CODE_SNIPPETS;
    memory.store(tenant, c, "a", "print('a')", project("p1")).await();
    memory.store(tenant, c, "b", "print('b')", project("p1")).await();
    memory.store(tenant, c, "c", "print('c')", project("p2")).await();

    memory.forget(tenant, c, "a").await();
    memory.forget(tenant, c, "never-stored").await();
    assertThat(memory.count(tenant, c).await()).isEqualTo(2);

    memory.forgetMatching(tenant, c, project("p1")).await();
    assertThat(memory.search(tenant, c, "print", 10, null).await())
        .extracting(MemoryHit::id)
        .containsExactly("c");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> memory.forgetMatching(tenant, c, new JsonObject()).await());
  }

  @Test
  void reads_of_an_unknown_tenant_find_nothing_and_create_nothing() {
    UUID tenant = newTenant();

    assertThat(memory.search(tenant, MemoryCollection.SOLUTIONS, "anything", 5, null).await())
        .isEmpty();
    assertThat(memory.count(tenant, MemoryCollection.SOLUTIONS).await()).isZero();
    memory.forget(tenant, MemoryCollection.SOLUTIONS, "x").await();

    assertThat(
            chroma
                .getCollection(
                    TestConfig.TEST_CHROMA_TENANT,
                    ChromaVectorMemory.databaseOf(tenant),
                    MemoryCollection.SOLUTIONS.collectionName())
                .await())
        .isNull();
  }

  @Test
  void a_database_deleted_behind_its_back_is_made_again() {
    UUID tenant = newTenant();
    var c = MemoryCollection.SOLUTIONS;
    memory.store(tenant, c, "x", "first", null).await();

    // Another node forgets the tenant; this memory still caches the old collection id.
    chroma
        .deleteDatabase(TestConfig.TEST_CHROMA_TENANT, ChromaVectorMemory.databaseOf(tenant))
        .await();
    assertThat(memory.search(tenant, c, "first", 5, null).await()).isEmpty();
    memory.store(tenant, c, "y", "second", null).await();

    assertThat(memory.count(tenant, c).await()).isEqualTo(1);
    assertThat(memory.search(tenant, c, "second", 5, null).await())
        .extracting(MemoryHit::id)
        .containsExactly("y");
  }

  @Test
  void a_collection_in_another_distance_space_is_refused() {
    UUID tenant = newTenant();
    String database = ChromaVectorMemory.databaseOf(tenant);
    chroma.createDatabase(TestConfig.TEST_CHROMA_TENANT, database).await();
    // Made by someone else with Chroma's default (l2) space.
    WebClient http = WebClient.create(vertx);
    var made =
        http.postAbs(
                config.chroma().url()
                    + "/api/v2/tenants/"
                    + TestConfig.TEST_CHROMA_TENANT
                    + "/databases/"
                    + database
                    + "/collections")
            .sendJsonObject(new JsonObject().put("name", "solutions"))
            .await();
    http.close();
    assertThat(made.statusCode()).isEqualTo(200);

    assertFailsWith(
        ErrorCode.ILLEGAL_STATE,
        () -> memory.store(tenant, MemoryCollection.SOLUTIONS, "x", "text", null).await(),
        "cosine");
  }

  @Test
  void bad_input_is_refused_with_the_field_named() {
    UUID tenant = newTenant();
    var c = MemoryCollection.SOLUTIONS;

    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> memory.store(tenant, c, " ", "t", null).await(), "id");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> memory.store(tenant, c, "x".repeat(257), "t", null).await(),
        "id");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> memory.store(tenant, c, "i", "", null).await(), "text");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () ->
            memory.store(tenant, c, "i", "x".repeat(VectorMemory.MAX_TEXT_CHARS + 1), null).await(),
        "text");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> memory.store(null, c, "i", "t", null).await(), "tenantId");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> memory.store(tenant, null, "i", "t", null).await(),
        "collection");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> memory.store(tenant, c, "i", "t", new JsonObject().put("$x", 1)).await(),
        "$x");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> memory.store(tenant, c, "i", "t", new JsonObject().put("n", Double.NaN)).await(),
        "finite");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> memory.search(tenant, c, "q", 0, null).await(), "limit");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> memory.search(tenant, c, "q", 101, null).await(), "limit");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> memory.search(tenant, c, " ", 5, null).await(), "query");
    assertThat(memory.count(tenant, c).await()).isZero();

    memory.store(tenant, c, "ok", "a valid memory", null).await();
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () ->
            memory
                .search(
                    tenant,
                    c,
                    "q",
                    5,
                    new JsonObject().put("project", new JsonObject().put("$nope", 1)))
                .await(),
        "where");
  }
}
