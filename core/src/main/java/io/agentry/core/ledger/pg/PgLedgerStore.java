package io.agentry.core.ledger.pg;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** {@link LedgerStore} on PostgreSQL: {@code ledger_heads} hands out seqs, one row per project. */
public final class PgLedgerStore implements LedgerStore {

  /*
   * One round trip: bump the head (the row lock serialises appends of one project until commit),
   * insert the event with the new seq, notify. A rollback undoes the bump, so no gaps appear.
   */
  private static final String APPEND =
      """
      WITH head AS (
        INSERT INTO ledger_heads (project_id, last_seq) VALUES ($1, 1)
        ON CONFLICT (project_id) DO UPDATE SET last_seq = ledger_heads.last_seq + 1
        RETURNING last_seq
      ), event AS (
        INSERT INTO ledger_events (project_id, seq, source, cause_seq, type, payload)
        SELECT $1, last_seq, $2, $3, $4, $5 FROM head
        RETURNING project_id, seq, created_at
      )
      SELECT seq, created_at, pg_notify('%s', project_id::text || ':' || seq) FROM event
      """
          .formatted(NOTIFY_CHANNEL);

  private static final String SINCE =
      """
      SELECT project_id, seq, source, cause_seq, type, payload, created_at
      FROM ledger_events WHERE project_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
      """;

  // The payload condition repeats the index's predicate so the planner can use it.
  private static final String FOR_STEP =
      """
      SELECT project_id, seq, source, cause_seq, type, payload, created_at
      FROM ledger_events
      WHERE project_id = $1 AND payload->>'stepKey' = $2 AND payload->>'stepKey' IS NOT NULL
      ORDER BY seq LIMIT %d
      """
          .formatted(MAX_STEP_EVENTS);

  private static final int MAX_TYPE_LENGTH = 100;

  private final Pool pool;

  private PgLedgerStore(Pool pool) {
    this.pool = pool;
  }

  public static PgLedgerStore create(Pool pool) {
    return new PgLedgerStore(Objects.requireNonNull(pool, "pool"));
  }

  @Override
  public Future<LedgerEvent> append(
      SqlConnection tx,
      UUID projectId,
      Source source,
      Long causeSeq,
      String type,
      JsonObject payload) {
    try {
      validate(projectId, source, causeSeq, type);
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    JsonObject body = payload == null ? new JsonObject() : payload;
    return tx.preparedQuery(APPEND)
        .execute(Tuple.of(projectId, source.db(), causeSeq, type, body))
        .recover(e -> Future.failedFuture(translate(e, projectId, causeSeq)))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new LedgerEvent(
                  projectId,
                  row.getLong("seq"),
                  source,
                  causeSeq,
                  type,
                  body,
                  row.getOffsetDateTime("created_at").toInstant());
            });
  }

  @Override
  public Future<LedgerEvent> append(
      UUID projectId, Source source, Long causeSeq, String type, JsonObject payload) {
    return pool.withTransaction(tx -> append(tx, projectId, source, causeSeq, type, payload));
  }

  @Override
  public Future<List<LedgerEvent>> since(UUID projectId, long afterSeq, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      return Future.failedFuture(
          new AgentryException(
              ErrorCode.BAD_USER_INPUT,
              "limit must be between 1 and " + MAX_PAGE + " (was " + limit + ")"));
    }
    return pool.preparedQuery(SINCE)
        .execute(Tuple.of(projectId, afterSeq, limit))
        .map(
            rows -> {
              List<LedgerEvent> events = new ArrayList<>(rows.size());
              rows.forEach(row -> events.add(toEvent(row)));
              return events;
            });
  }

  @Override
  public Future<List<LedgerEvent>> forStep(UUID projectId, String stepKey) {
    if (projectId == null || stepKey == null || stepKey.isBlank()) {
      return Future.failedFuture(badInput("projectId and stepKey are required"));
    }
    return pool.preparedQuery(FOR_STEP)
        .execute(Tuple.of(projectId, stepKey))
        .map(
            rows -> {
              List<LedgerEvent> events = new ArrayList<>(rows.size());
              rows.forEach(row -> events.add(toEvent(row)));
              return events;
            });
  }

  private static void validate(UUID projectId, Source source, Long causeSeq, String type) {
    if (projectId == null) {
      throw badInput("projectId is required");
    }
    if (source == null) {
      throw badInput("source is required");
    }
    if (type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
      throw badInput("type must be 1 to " + MAX_TYPE_LENGTH + " characters");
    }
    if (causeSeq != null && causeSeq < 1) {
      throw badInput("causeSeq must be a positive seq (was " + causeSeq + ")");
    }
  }

  private static Throwable translate(Throwable e, UUID projectId, Long causeSeq) {
    if (e instanceof PgException pg) {
      if ("23503".equals(pg.getSqlState())) { // foreign_key_violation
        return new AgentryException(
            ErrorCode.NOT_FOUND, "project " + projectId + " does not exist", e);
      }
      if ("23514".equals(pg.getSqlState()) && "ledger_events".equals(pg.getTable())) {
        return badInput("causeSeq " + causeSeq + " must name an earlier event of the project");
      }
    }
    return e;
  }

  private static AgentryException badInput(String message) {
    return new AgentryException(ErrorCode.BAD_USER_INPUT, message);
  }

  static LedgerEvent toEvent(Row row) {
    return new LedgerEvent(
        row.getUUID("project_id"),
        row.getLong("seq"),
        Source.fromDb(row.getString("source")),
        row.getLong("cause_seq"),
        row.getString("type"),
        row.getJsonObject("payload"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
