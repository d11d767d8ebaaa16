package io.agentry.core.memory;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.error.ErrorCode;
import io.agentry.core.memory.chroma.ChromaClient;
import io.agentry.core.memory.chroma.ChromaCollection;
import io.agentry.core.memory.chroma.ChromaRecord;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The v2 REST client against the real Chroma, with small hand-made vectors. */
class ChromaClientTest {

  private static final String TENANT = TestConfig.TEST_CHROMA_TENANT;

  private static Vertx vertx;
  private static ChromaClient chroma;
  private static String database;
  private static String otherDatabase;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    chroma = ChromaClient.create(vertx, TestConfig.load().chroma());
    database = "client-test-" + UUID.randomUUID();
    otherDatabase = "client-test-" + UUID.randomUUID();
    chroma.createTenant(TENANT).await();
    chroma.createTenant(TENANT).await(); // an existing tenant is fine
    chroma.createDatabase(TENANT, database).await();
    chroma.createDatabase(TENANT, database).await();
    chroma.createDatabase(TENANT, otherDatabase).await();
  }

  @AfterAll
  static void stop() {
    assertThat(chroma.deleteDatabase(TENANT, database).await()).isTrue();
    assertThat(chroma.deleteDatabase(TENANT, otherDatabase).await()).isTrue();
    assertThat(chroma.deleteDatabase(TENANT, database).await()).isFalse();
    chroma.close().await();
    vertx.close().await();
  }

  private static ChromaRecord record(String id, String project, float... vector) {
    return new ChromaRecord(id, "doc " + id, new JsonObject().put("project", project), vector);
  }

  @Test
  void upsert_query_count_and_delete_by_ids_and_where() {
    ChromaCollection c = chroma.getOrCreateCollection(TENANT, database, "crud", null).await();
    assertThat(c.space()).isEqualTo("cosine");
    chroma
        .upsert(
            c,
            List.of(
                record("a", "p1", 1, 0, 0), record("b", "p1", 0, 1, 0), record("c", "p2", 0, 0, 1)))
        .await();

    var nearest = chroma.query(c, new float[] {1, 0.1f, 0}, 2, null).await();
    var inP2 =
        chroma.query(c, new float[] {1, 0.1f, 0}, 5, new JsonObject().put("project", "p2")).await();

    assertThat(nearest).extracting(m -> m.id()).containsExactly("a", "b");
    assertThat(nearest.get(0).document()).isEqualTo("doc a");
    assertThat(nearest.get(0).distance()).isLessThan(0.01);
    assertThat(inP2).extracting(m -> m.id()).containsExactly("c");
    assertThat(chroma.count(c).await()).isEqualTo(3);

    chroma.delete(c, List.of("a"), null).await();
    chroma.delete(c, null, new JsonObject().put("project", "p2")).await();
    assertThat(chroma.count(c).await()).isEqualTo(1);
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> chroma.delete(c, List.of(), null).await());
    assertThat(chroma.getOrCreateCollection(TENANT, database, "crud", null).await().dimension())
        .isEqualTo(3);
  }

  /**
   * Measured fact behind docs/adr/0004: Chroma 1.0 serves a collection id under any tenant and
   * database path, so the path is no isolation; only resolving collections by name inside the
   * tenant's own database is.
   */
  @Test
  void chroma_does_not_bind_a_collection_id_to_its_database() {
    ChromaCollection c = chroma.getOrCreateCollection(TENANT, database, "fact", null).await();
    chroma.upsert(c, List.of(record("a", "p1", 1, 0))).await();
    ChromaCollection elsewhere =
        new ChromaCollection(
            c.id(), c.name(), TENANT, otherDatabase, c.space(), c.dimension(), c.metadata());

    assertThat(chroma.count(elsewhere).await()).isEqualTo(1);
    assertThat(chroma.getCollection(TENANT, otherDatabase, "fact").await()).isNull();
  }

  @Test
  void invalid_names_and_rejected_requests_are_bad_input() {
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> chroma.getCollection(TENANT, database, "a/b").await(),
        "collection name");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> chroma.createDatabase(TENANT, "x").await(), "database");
    ChromaCollection c = chroma.getOrCreateCollection(TENANT, database, "dims", null).await();
    chroma.upsert(c, List.of(record("a", "p1", 1, 0))).await();
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> chroma.upsert(c, List.of(record("b", "p1", 1, 0, 0))).await(),
        "dimension");
  }
}
