package io.agentry.core.context;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.ledger.PgTestFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shared context with immutable versions and rollback against the real PostgreSQL. */
class PgSharedContextTest {

  private static PgTestFixture db;
  private static LedgerStore ledger;
  private static SharedContext context;

  @BeforeAll
  static void start() {
    db = PgTestFixture.start();
    ledger = LedgerStore.create(db.pool());
    context = SharedContext.create(db.pool(), ledger);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void each_write_is_a_new_numbered_version_recorded_in_the_ledger() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);

    ContextVersion v1 =
        context.write(tenant, project, "plan", doc("draft"), "architect/a1").await();
    ContextVersion v2 =
        context.write(tenant, project, "plan", doc("final"), "architect/a1").await();

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.restoredFrom()).isNull();
    assertThat(context.current(tenant, project, "plan").await()).contains(v2);
    assertThat(context.version(tenant, project, "plan", 1).await()).isEqualTo(v1);
    assertThat(context.history(tenant, project, "plan", 10).await()).containsExactly(v2, v1);
    List<LedgerEvent> events = ledger.since(project, 0, 10).await();
    assertThat(events)
        .extracting(LedgerEvent::type)
        .containsExactly("ContextWritten", "ContextWritten");
    assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo(Source.AGENT));
    assertThat(events.get(1).payload())
        .isEqualTo(
            new JsonObject().put("key", "plan").put("version", 2).put("author", "architect/a1"));
  }

  @Test
  void rollback_writes_the_old_value_as_a_new_version_and_deletes_nothing() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    for (String state : List.of("one", "two", "three")) {
      context.write(tenant, project, "design/api", doc(state), "coder").await();
    }

    ContextVersion restored = context.rollback(tenant, project, "design/api", 1, "alice").await();

    assertThat(restored.version()).isEqualTo(4);
    assertThat(restored.restoredFrom()).isEqualTo(1);
    assertThat(restored.value()).isEqualTo(doc("one"));
    assertThat(restored.author()).isEqualTo("alice");
    assertThat(context.current(tenant, project, "design/api").await()).contains(restored);
    assertThat(context.history(tenant, project, "design/api", 10).await())
        .extracting(v -> v.value().getString("state"))
        .containsExactly("one", "three", "two", "one");
    LedgerEvent last = ledger.since(project, 3, 10).await().getFirst();
    assertThat(last.type()).isEqualTo("ContextRolledBack");
    assertThat(last.source()).isEqualTo(Source.USER);
    assertThat(last.payload())
        .isEqualTo(
            new JsonObject()
                .put("key", "design/api")
                .put("version", 4)
                .put("author", "alice")
                .put("restoredFrom", 1));
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> context.rollback(tenant, project, "design/api", 9, "alice").await(),
        "no version 9");
    assertThat(ledger.since(project, 4, 10).await()).isEmpty();
  }

  @Test
  void a_write_expecting_a_stale_version_fails_and_writes_nothing() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    context.write(tenant, project, "notes", doc("a"), "coder", 0).await();
    context.write(tenant, project, "notes", doc("b"), "tester", 1).await();

    assertFailsWith(
        ErrorCode.ILLEGAL_STATE,
        () -> context.write(tenant, project, "notes", doc("stale"), "coder", 1).await(),
        "at version 2");
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE,
        () -> context.write(tenant, project, "notes", doc("again"), "coder", 0).await());
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE,
        () -> context.write(tenant, project, "fresh", doc("x"), "coder", 3).await(),
        "at version 0");

    assertThat(context.current(tenant, project, "notes").await().orElseThrow().value())
        .isEqualTo(doc("b"));
    assertThat(context.current(tenant, project, "fresh").await()).isEmpty();
    assertThat(context.keys(tenant, project).await())
        .extracting(ContextEntry::key, ContextEntry::currentVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("notes", 2));
    assertThat(ledger.since(project, 0, 10).await()).hasSize(2);
  }

  @Test
  void concurrent_writes_to_one_key_get_every_version_once_and_one_expected_version_wins() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    List<Future<ContextVersion>> writes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      writes.add(context.write(tenant, project, "progress", doc("w" + i), "worker-" + i));
    }
    Future.all(writes).await();

    assertThat(writes.stream().map(f -> f.result().version()).sorted().toList())
        .isEqualTo(IntStream.rangeClosed(1, 30).boxed().toList());

    List<Future<ContextVersion>> racing = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      racing.add(context.write(tenant, project, "progress", doc("r" + i), "racer", 30));
    }
    Future.join(racing).otherwiseEmpty().await();

    assertThat(racing.stream().filter(Future::succeeded).count()).isEqualTo(1);
    assertThat(context.current(tenant, project, "progress").await().orElseThrow().version())
        .isEqualTo(31);
    assertThat(ledger.since(project, 0, 100).await()).hasSize(31);
  }

  @Test
  void context_is_isolated_per_project_and_tenant() {
    UUID tenant = db.newTenant();
    UUID a = db.newProject(tenant);
    UUID b = db.newProject(tenant);
    UUID stranger = db.newTenant();
    context.write(tenant, a, "shared", doc("in a"), "coder").await();

    ContextVersion inB = context.write(tenant, b, "shared", doc("in b"), "coder").await();

    assertThat(inB.version()).isEqualTo(1);
    assertThat(context.current(tenant, a, "shared").await().orElseThrow().value())
        .isEqualTo(doc("in a"));
    assertFailsWith(ErrorCode.NOT_FOUND, () -> context.current(stranger, a, "shared").await());
    assertFailsWith(ErrorCode.NOT_FOUND, () -> context.version(stranger, a, "shared", 1).await());
    assertFailsWith(ErrorCode.NOT_FOUND, () -> context.history(stranger, a, "shared", 5).await());
    assertFailsWith(ErrorCode.NOT_FOUND, () -> context.keys(stranger, a).await());
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> context.write(stranger, a, "shared", doc("x"), "evil").await(),
        "project " + a);
    assertFailsWith(
        ErrorCode.NOT_FOUND, () -> context.rollback(stranger, a, "shared", 1, "evil").await());
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> context.write(tenant, UUID.randomUUID(), "shared", doc("x"), "coder").await());
    assertThat(context.history(tenant, a, "shared", 5).await()).hasSize(1);
  }

  @Test
  void unknown_keys_read_as_empty_and_unknown_versions_as_not_found() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    context.write(tenant, project, "k", doc("v"), "coder").await();

    assertThat(context.current(tenant, project, "missing").await()).isEmpty();
    assertThat(context.history(tenant, project, "missing", 5).await()).isEmpty();
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> context.version(tenant, project, "k", 2).await(),
        "no version 2");
    assertThat(context.keys(tenant, db.newProject(tenant)).await()).isEmpty();
  }

  @Test
  void bad_input_is_refused_with_the_field_named() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    JsonObject huge = new JsonObject().put("blob", "x".repeat(SharedContext.MAX_VALUE_BYTES));

    for (String key : new String[] {"", " lead", "-x", "a b", "k".repeat(201), "ключ"}) {
      assertFailsWith(
          ErrorCode.BAD_USER_INPUT,
          () -> context.write(tenant, project, key, doc("v"), "coder").await(),
          "key");
    }
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> context.write(tenant, project, "k", huge, "coder").await(),
        "bytes");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> context.write(tenant, project, "k", null, "coder").await(),
        "value");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> context.write(tenant, project, "k", doc("v"), " ").await(),
        "author");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> context.write(tenant, project, "k", doc("nul\u0000"), "coder").await(),
        "value");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> context.write(tenant, project, "k", doc("v"), "coder", -1).await(),
        "expectedVersion");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> context.rollback(tenant, project, "k", 0, "a").await());
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> context.history(tenant, project, "k", 0).await(), "limit");
    assertThat(context.keys(tenant, project).await()).isEmpty();
    assertThat(ledger.since(project, 0, 10).await()).isEmpty();
    ContextVersion fits =
        context
            .write(
                tenant,
                project,
                "ok.key_1:a/b-c",
                new JsonObject().put("list", new JsonArray().add(1)),
                "c")
            .await();
    assertThat(fits.version()).isEqualTo(1);
  }

  @Test
  void stored_versions_cannot_be_changed_in_the_database() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    context.write(tenant, project, "k", doc("v"), "coder").await();

    assertThatThrownBy(
            () ->
                db.pool()
                    .preparedQuery("UPDATE context_versions SET value = '{}' WHERE project_id = $1")
                    .execute(Tuple.of(project))
                    .await())
        .hasMessageContaining("immutable");
    assertThat(context.current(tenant, project, "k").await().orElseThrow().value())
        .isEqualTo(doc("v"));
  }

  private static JsonObject doc(String state) {
    return new JsonObject().put("state", state);
  }
}
