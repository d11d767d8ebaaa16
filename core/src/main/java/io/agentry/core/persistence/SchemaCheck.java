package io.agentry.core.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells, in one query, whether the database already holds exactly this build's migrations, so a
 * node can start without Flyway: loading and running it costs about half a second of a node's
 * start, every start, to find nothing to do. Anything else (a new script, a changed one, a failed
 * or unknown row, no history table) answers empty, and then Flyway migrates and validates as
 * always. Flyway commits each migration with its history row, so a migration still running on
 * another node is not seen as done.
 */
public final class SchemaCheck {

  private SchemaCheck() {}

  /** The schema version when nothing is left to migrate or validate; otherwise empty. */
  public static Future<Optional<String>> versionIfCurrent(SqlClient pg) {
    Optional<Map<String, Integer>> scripts = MigrationScripts.onClasspath();
    if (scripts.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return pg.query("SELECT version, checksum, success FROM flyway_schema_history")
        .execute()
        .map(
            rows -> {
              Map<String, Integer> applied = new HashMap<>();
              for (Row row : rows) {
                if (!Boolean.TRUE.equals(row.getBoolean("success"))
                    || row.getString("version") == null) {
                  return Optional.<String>empty();
                }
                applied.put(row.getString("version"), row.getInteger("checksum"));
              }
              return applied.equals(scripts.get())
                  ? Optional.of(highest(applied))
                  : Optional.<String>empty();
            })
        // No history table yet, or anything else amiss: Flyway will say what it is.
        .otherwise(Optional.empty());
  }

  private static String highest(Map<String, Integer> versions) {
    return versions.keySet().stream()
        .max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
        .orElseThrow();
  }
}
