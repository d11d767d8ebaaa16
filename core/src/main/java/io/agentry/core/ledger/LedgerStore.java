package io.agentry.core.ledger;

import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.pg.PgLedgerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * The append-only project ledger. Appends take the next sequence number of the project, so
 * concurrent appends to one project are serialised; appends to different projects are not.
 *
 * <p>After each append the store sends {@code NOTIFY agentry_ledger, '<projectId>:<seq>'} in the
 * same transaction, so listeners hear of an event only once it is committed.
 */
public interface LedgerStore {

  /** The channel of the {@code NOTIFY} sent after each append. */
  String NOTIFY_CHANNEL = "agentry_ledger";

  /** Largest page {@link #since} returns. */
  int MAX_PAGE = 1000;

  static LedgerStore create(Pool pool) {
    return PgLedgerStore.create(pool);
  }

  /**
   * Appends inside the caller's transaction, so that a state change and the event recording it
   * commit (or roll back) together. A failure leaves the transaction unusable; roll it back.
   *
   * @param causeSeq the earlier event this one answers, or {@code null}; must be lower than the new
   *     event's seq (otherwise {@code BAD_USER_INPUT})
   * @return the event as stored; fails with {@code NOT_FOUND} when the project does not exist
   */
  Future<LedgerEvent> append(
      SqlConnection tx,
      UUID projectId,
      Source source,
      Long causeSeq,
      String type,
      JsonObject payload);

  /** Appends in a transaction of its own. */
  Future<LedgerEvent> append(
      UUID projectId, Source source, Long causeSeq, String type, JsonObject payload);

  /** Events of the project with {@code seq > afterSeq}, oldest first, at most {@code limit}. */
  Future<List<LedgerEvent>> since(UUID projectId, long afterSeq, int limit);

  /** Largest number of events {@link #forStep} returns. */
  int MAX_STEP_EVENTS = 100_000;

  /**
   * The events of one agent step — those whose payload has {@code stepKey} equal to {@code stepKey}
   * — oldest first (at most {@link #MAX_STEP_EVENTS}). Served by an index on the key, so a step
   * resuming after a crash reads only its own history.
   */
  Future<List<LedgerEvent>> forStep(UUID projectId, String stepKey);
}
