package io.agentry.core.jobs.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Pins the lookups of held leases in a transaction to the {@code jobs_held} index (docs/adr/0010).
 * Without statistics the planner scanned the whole table for them, however few leases were held.
 */
final class HeldLeasePlan {

  private static final String SETTINGS =
      "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off";

  private HeldLeasePlan() {}

  /** Applies to the rest of {@code tx}, which must be a transaction. */
  static Future<Void> pin(SqlConnection tx) {
    return tx.query(SETTINGS).execute().mapEmpty();
  }
}
