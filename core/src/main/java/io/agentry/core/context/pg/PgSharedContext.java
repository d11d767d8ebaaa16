package io.agentry.core.context.pg;

import io.agentry.core.context.ContextEntry;
import io.agentry.core.context.ContextVersion;
import io.agentry.core.context.SharedContext;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SharedContext} on PostgreSQL. A change is one transaction: lock the key's entry (creating
 * it at version 0 if new), check, insert the next version, append the ledger event. The entry's row
 * lock serialises changes of one key; a rolled-back change leaves neither version nor event.
 */
public final class PgSharedContext implements SharedContext {

  /*
   * Creates the entry if the project is the tenant's, or locks the existing one (the no-op update
   * takes the row lock and returns the row). No row: the project is not the tenant's.
   */
  private static final String LOCK_ENTRY =
      """
      INSERT INTO context_entries AS e (project_id, key, tenant_id, current_version)
      SELECT p.id, $2, p.tenant_id, 0 FROM projects p WHERE p.id = $1 AND p.tenant_id = $3
      ON CONFLICT (project_id, key) DO UPDATE SET current_version = e.current_version
      RETURNING e.current_version
      """;

  private static final String OLD_VALUE =
      "SELECT value FROM context_versions WHERE project_id = $1 AND key = $2 AND version = $3";

  private static final String APPEND =
      """
      WITH entry AS (
        UPDATE context_entries SET current_version = $3, updated_at = now()
        WHERE project_id = $1 AND key = $2
      )
      INSERT INTO context_versions (project_id, key, version, value, author, restored_from)
      VALUES ($1, $2, $3, $4, $5, $6)
      RETURNING created_at
      """;

  private static final String VERSION_COLUMNS =
      "p.tenant_id, p.id AS project_id, v.key, v.version, v.value, v.author, v.restored_from,"
          + " v.created_at";

  /* Reads start from the project, so that a project of another tenant reads as no row at all. */
  private static final String CURRENT =
      "SELECT "
          + VERSION_COLUMNS
          + " FROM projects p"
          + " LEFT JOIN context_entries e ON e.project_id = p.id AND e.key = $3"
          + " LEFT JOIN context_versions v"
          + "   ON v.project_id = p.id AND v.key = $3 AND v.version = e.current_version"
          + " WHERE p.id = $1 AND p.tenant_id = $2";

  private static final String VERSION =
      "SELECT "
          + VERSION_COLUMNS
          + " FROM projects p"
          + " LEFT JOIN context_versions v ON v.project_id = p.id AND v.key = $3 AND v.version = $4"
          + " WHERE p.id = $1 AND p.tenant_id = $2";

  private static final String HISTORY =
      "SELECT "
          + VERSION_COLUMNS
          + " FROM projects p LEFT JOIN context_versions v ON v.project_id = p.id AND v.key = $3"
          + " WHERE p.id = $1 AND p.tenant_id = $2 ORDER BY v.version DESC LIMIT $4";

  private static final String KEYS =
      "SELECT e.key, e.current_version, e.created_at, e.updated_at"
          + " FROM projects p LEFT JOIN context_entries e"
          + "   ON e.project_id = p.id AND e.current_version > 0"
          + " WHERE p.id = $1 AND p.tenant_id = $2 ORDER BY e.key";

  private final Pool pool;
  private final LedgerStore ledger;

  private PgSharedContext(Pool pool, LedgerStore ledger) {
    this.pool = pool;
    this.ledger = ledger;
  }

  public static PgSharedContext create(Pool pool, LedgerStore ledger) {
    return new PgSharedContext(
        Objects.requireNonNull(pool, "pool"), Objects.requireNonNull(ledger, "ledger"));
  }

  @Override
  public Future<ContextVersion> write(
      UUID tenantId, UUID projectId, String key, JsonObject value, String author) {
    return write(new Change(tenantId, projectId, key, value, author, null, null));
  }

  @Override
  public Future<ContextVersion> write(
      UUID tenantId,
      UUID projectId,
      String key,
      JsonObject value,
      String author,
      int expectedVersion) {
    if (expectedVersion < 0) {
      return badInput("expectedVersion must be 0 or more (was " + expectedVersion + ")");
    }
    return write(new Change(tenantId, projectId, key, value, author, expectedVersion, null));
  }

  @Override
  public Future<ContextVersion> rollback(
      UUID tenantId, UUID projectId, String key, int toVersion, String author) {
    if (toVersion < 1) {
      return badInput("toVersion must be 1 or more (was " + toVersion + ")");
    }
    return write(new Change(tenantId, projectId, key, null, author, null, toVersion));
  }

  private Future<ContextVersion> write(Change change) {
    try {
      change.validate();
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    return pool.withTransaction(
            tx ->
                lockEntry(tx, change)
                    .compose(
                        current ->
                            valueOf(tx, change)
                                .compose(value -> append(tx, change, current + 1, value))))
        .recover(e -> Future.failedFuture(translate(e)));
  }

  /** JSON that PostgreSQL cannot hold: a NUL character in a string (SQLSTATE 22P05). */
  private static Throwable translate(Throwable e) {
    if (e instanceof PgException pg && "22P05".equals(pg.getSqlState())) {
      return badInputError("value: strings must not contain \\u0000");
    }
    return e;
  }

  private static Future<Integer> lockEntry(SqlConnection tx, Change change) {
    return tx.preparedQuery(LOCK_ENTRY)
        .execute(Tuple.of(change.projectId(), change.key(), change.tenantId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw projectNotFound(change.projectId());
              }
              int current = rows.iterator().next().getInteger("current_version");
              Integer expected = change.expectedVersion();
              if (expected != null && expected != current) {
                throw new AgentryException(
                    ErrorCode.ILLEGAL_STATE,
                    "key '"
                        + change.key()
                        + "' is at version "
                        + current
                        + ", not the expected "
                        + expected);
              }
              return current;
            });
  }

  /** The value to write: the given one, or for a rollback the old version's. */
  private static Future<JsonObject> valueOf(SqlConnection tx, Change change) {
    if (change.restoreFrom() == null) {
      return Future.succeededFuture(change.value());
    }
    return tx.preparedQuery(OLD_VALUE)
        .execute(Tuple.of(change.projectId(), change.key(), change.restoreFrom()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw noVersion(change.key(), change.restoreFrom());
              }
              return rows.iterator().next().getJsonObject("value");
            });
  }

  private Future<ContextVersion> append(
      SqlConnection tx, Change change, int version, JsonObject value) {
    Tuple params =
        Tuple.tuple()
            .addUUID(change.projectId())
            .addString(change.key())
            .addInteger(version)
            .addJsonObject(value)
            .addString(change.author())
            .addInteger(change.restoreFrom());
    return tx.preparedQuery(APPEND)
        .execute(params)
        .map(
            rows ->
                new ContextVersion(
                    change.tenantId(),
                    change.projectId(),
                    change.key(),
                    version,
                    value,
                    change.author(),
                    change.restoreFrom(),
                    rows.iterator().next().getOffsetDateTime("created_at").toInstant()))
        .compose(
            written ->
                ledger
                    .append(
                        tx,
                        change.projectId(),
                        change.restoreFrom() == null ? Source.AGENT : Source.USER,
                        null,
                        change.restoreFrom() == null ? "ContextWritten" : "ContextRolledBack",
                        payload(written))
                    .map(written));
  }

  private static JsonObject payload(ContextVersion written) {
    JsonObject payload =
        new JsonObject()
            .put("key", written.key())
            .put("version", written.version())
            .put("author", written.author());
    return written.restoredFrom() == null
        ? payload
        : payload.put("restoredFrom", written.restoredFrom());
  }

  @Override
  public Future<Optional<ContextVersion>> current(UUID tenantId, UUID projectId, String key) {
    try {
      checkKey(key);
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery(CURRENT)
        .execute(Tuple.of(projectId, tenantId, key))
        .map(rows -> onlyRow(rows, projectId))
        .map(
            row ->
                row.getInteger("version") == null ? Optional.empty() : Optional.of(toVersion(row)));
  }

  @Override
  public Future<ContextVersion> version(UUID tenantId, UUID projectId, String key, int version) {
    try {
      checkKey(key);
      if (version < 1) {
        throw badInputError("version must be 1 or more (was " + version + ")");
      }
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery(VERSION)
        .execute(Tuple.of(projectId, tenantId, key, version))
        .map(rows -> onlyRow(rows, projectId))
        .map(
            row -> {
              if (row.getInteger("version") == null) {
                throw noVersion(key, version);
              }
              return toVersion(row);
            });
  }

  @Override
  public Future<List<ContextVersion>> history(
      UUID tenantId, UUID projectId, String key, int limit) {
    try {
      checkKey(key);
      if (limit < 1 || limit > MAX_HISTORY) {
        throw badInputError("limit must be between 1 and " + MAX_HISTORY + " (was " + limit + ")");
      }
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery(HISTORY)
        .execute(Tuple.of(projectId, tenantId, key, limit))
        .map(
            rows -> {
              onlyRow(rows, projectId); // fails for a project that is not the tenant's
              List<ContextVersion> versions = new ArrayList<>(rows.size());
              for (Row row : rows) {
                if (row.getInteger("version") != null) {
                  versions.add(toVersion(row));
                }
              }
              return versions;
            });
  }

  @Override
  public Future<List<ContextEntry>> keys(UUID tenantId, UUID projectId) {
    return pool.preparedQuery(KEYS)
        .execute(Tuple.of(projectId, tenantId))
        .map(
            rows -> {
              onlyRow(rows, projectId);
              List<ContextEntry> entries = new ArrayList<>(rows.size());
              for (Row row : rows) {
                if (row.getString("key") != null) {
                  entries.add(
                      new ContextEntry(
                          row.getString("key"),
                          row.getInteger("current_version"),
                          row.getOffsetDateTime("created_at").toInstant(),
                          row.getOffsetDateTime("updated_at").toInstant()));
                }
              }
              return entries;
            });
  }

  private static ContextVersion toVersion(Row row) {
    return new ContextVersion(
        row.getUUID("tenant_id"),
        row.getUUID("project_id"),
        row.getString("key"),
        row.getInteger("version"),
        row.getJsonObject("value"),
        row.getString("author"),
        row.getInteger("restored_from"),
        row.getOffsetDateTime("created_at").toInstant());
  }

  /** The first row of a read that starts from the project; none means no such project here. */
  private static Row onlyRow(RowSet<Row> rows, UUID projectId) {
    if (rows.size() == 0) {
      throw projectNotFound(projectId);
    }
    return rows.iterator().next();
  }

  static void checkKey(String key) {
    if (key == null || !KEY_FORMAT.matcher(key).matches()) {
      throw badInputError(
          "key must be 1 to 200 characters of letters, digits and . _ : / -, starting with a"
              + " letter or digit");
    }
  }

  private static AgentryException projectNotFound(UUID projectId) {
    return new AgentryException(ErrorCode.NOT_FOUND, "project " + projectId + " does not exist");
  }

  private static AgentryException noVersion(String key, int version) {
    return new AgentryException(ErrorCode.NOT_FOUND, "key '" + key + "' has no version " + version);
  }

  static AgentryException badInputError(String message) {
    return new AgentryException(ErrorCode.BAD_USER_INPUT, message);
  }

  private static <T> Future<T> badInput(String message) {
    return Future.failedFuture(badInputError(message));
  }

  /**
   * A write or a rollback: a rollback has no value of its own but the version to restore.
   *
   * @param expectedVersion null: no optimistic check
   */
  private record Change(
      UUID tenantId,
      UUID projectId,
      String key,
      JsonObject value,
      String author,
      Integer expectedVersion,
      Integer restoreFrom) {

    void validate() {
      if (tenantId == null || projectId == null) {
        throw badInputError("tenantId and projectId are required");
      }
      checkKey(key);
      if (author == null || author.isBlank() || author.length() > MAX_AUTHOR) {
        throw badInputError("author must be 1 to " + MAX_AUTHOR + " characters");
      }
      if (restoreFrom == null) {
        if (value == null) {
          throw badInputError("value is required");
        }
        int bytes = value.encode().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
          throw badInputError(
              "value is " + bytes + " bytes of JSON, at most " + MAX_VALUE_BYTES + " allowed");
        }
      }
    }
  }
}
