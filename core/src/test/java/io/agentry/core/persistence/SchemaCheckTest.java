package io.agentry.core.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.testing.TestConfig;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The start-up check that lets a node skip Flyway, against the real test database: it must agree
 * with the checksums Flyway recorded, and answer "run Flyway" for every history that is not exactly
 * this build's. The altered histories are copies in a scratch schema, the only one on the search
 * path.
 */
class SchemaCheckTest {

  private static Vertx vertx;
  private static Pool pool;
  private static String latestVersion;
  private static String versions;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
    Migrations.migrate(TestConfig.load().postgres());
    // The shared test database may also hold migrations of a newer build (Flyway ignores those as
    // "future"); the copies below keep only this build's rows, as Flyway recorded them.
    Map<String, Integer> scripts = MigrationScripts.onClasspath().orElseThrow();
    latestVersion =
        scripts.keySet().stream().max(Comparator.comparingLong(Long::parseLong)).orElseThrow();
    versions = scripts.keySet().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  @Test
  void this_builds_history_as_flyway_recorded_it_is_current() {
    assertThat(inShadowHistory("SELECT 1")).contains(latestVersion);
  }

  @Test
  void checksums_are_computed_as_flyway_computes_them() {
    // Flyway drops a byte-order mark and every line break, whatever its kind.
    int plain = checksumOf("SELECT 1;\nSELECT 2;\n");
    assertThat(checksumOf("\uFEFFSELECT 1;\r\nSELECT 2;")).isEqualTo(plain);
    assertThat(checksumOf("SELECT 1;\nSELECT 3;\n")).isNotEqualTo(plain);
  }

  @Test
  void a_changed_script_means_flyway_must_run() {
    assertThat(
            inShadowHistory(
                "UPDATE flyway_schema_history SET checksum = checksum + 1"
                    + " WHERE version = '"
                    + latestVersion
                    + "'"))
        .isEmpty();
  }

  @Test
  void a_script_not_applied_yet_means_flyway_must_run() {
    assertThat(
            inShadowHistory(
                "DELETE FROM flyway_schema_history WHERE version = '" + latestVersion + "'"))
        .isEmpty();
  }

  @Test
  void a_failed_or_newer_migration_means_flyway_must_run() {
    assertThat(
            inShadowHistory("UPDATE flyway_schema_history SET success = false WHERE version = '1'"))
        .isEmpty();
    assertThat(
            inShadowHistory(
                "INSERT INTO flyway_schema_history SELECT installed_rank + 1000, '9999',"
                    + " description, type, 'V9999__later.sql', checksum, installed_by,"
                    + " installed_on, execution_time, success FROM flyway_schema_history"
                    + " WHERE version = '1'"))
        .isEmpty();
  }

  @Test
  void no_history_table_means_flyway_must_run() {
    Optional<String> version = inShadowSchema(conn -> SchemaCheck.versionIfCurrent(conn).await());
    assertThat(version).isEmpty();
  }

  /** The check against a copy of the history altered by {@code change}. */
  private static Optional<String> inShadowHistory(String change) {
    return inShadowSchema(
        conn -> {
          conn.query(
                  "CREATE TABLE flyway_schema_history AS SELECT * FROM public.flyway_schema_history"
                      + " WHERE version IN ("
                      + versions
                      + ")")
              .execute()
              .await();
          conn.query(change).execute().await();
          return SchemaCheck.versionIfCurrent(conn).await();
        });
  }

  /** Runs {@code body} on one connection whose search path is only an empty scratch schema. */
  private static <T> T inShadowSchema(Function<SqlConnection, T> body) {
    String schema = "schema_check_" + TestDatabase.uniqueName("s").replace('-', '_');
    SqlConnection conn = pool.getConnection().await();
    try {
      conn.query("CREATE SCHEMA " + schema).execute().await();
      conn.query("SET search_path = " + schema).execute().await();
      return body.apply(conn);
    } finally {
      conn.query("DROP SCHEMA " + schema + " CASCADE").execute().await();
      conn.query("RESET search_path").execute().await();
      conn.close().await();
    }
  }

  private static int checksumOf(String text) {
    return MigrationScripts.checksum(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
