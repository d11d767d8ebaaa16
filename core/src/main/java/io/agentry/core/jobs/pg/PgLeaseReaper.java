package io.agentry.core.jobs.pg;

import io.agentry.core.jobs.JobFailure;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.ReapReport;
import io.agentry.core.jobs.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Takes leases back from nodes that no longer hold them in fact: leases that expired (a node died,
 * froze or lost its database connection) or every lease of a node the cluster saw leave. A lease
 * never started is returned without burning an attempt; a started one counts as a failed attempt
 * and is retried with backoff, or goes to {@code dead} when attempts are exhausted.
 */
final class PgLeaseReaper {

  private static final int BATCH = 1_000;
  // Both conditions imply lease_owner IS NOT NULL, which lets them use the index of held leases.
  private static final String EXPIRED = "lease_owner IS NOT NULL AND lease_expires_at < now()";
  private static final String OWNED_BY = "lease_owner = $1";

  private final Pool pool;
  private final RetryPolicy retry;

  PgLeaseReaper(Pool pool, RetryPolicy retry) {
    this.pool = pool;
    this.retry = retry;
  }

  Future<ReapReport> reapExpired() {
    return pool.withTransaction(conn -> recover(conn, EXPIRED, Tuple.tuple(), "an expired lease"));
  }

  Future<ReapReport> reclaimFrom(String owner) {
    return pool.withTransaction(
        conn -> recover(conn, OWNED_BY, Tuple.of(owner), "node " + owner + " left"));
  }

  private Future<ReapReport> recover(
      SqlConnection conn, String condition, Tuple params, String why) {
    JobState.checkTransition(JobState.LEASED, JobState.QUEUED);
    Future<Integer> unacknowledged =
        HeldLeasePlan.pin(conn)
            .compose(
                planned ->
                    conn.preparedQuery(
                            "UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL"
                                + " WHERE state = 'leased' AND "
                                + condition)
                        .execute(params))
            .map(rows -> rows.rowCount());
    return unacknowledged.compose(
        returned ->
            conn.preparedQuery(
                    "SELECT id, attempts, max_attempts, lease_owner, cancel_requested FROM jobs"
                        + " WHERE state = 'running' AND "
                        + condition
                        + " ORDER BY id LIMIT "
                        + BATCH
                        + " FOR UPDATE SKIP LOCKED")
                .execute(params)
                .compose(rows -> settle(conn, rows, why))
                .map(settled -> new ReapReport(returned, settled[0], settled[1])));
  }

  /**
   * Decides each expired running job's fate and writes all of them in one statement. Returns
   * {retried, dead}; a job whose cancellation was requested ends cancelled and counts in neither.
   */
  private Future<int[]> settle(SqlConnection conn, Iterable<Row> rows, String why) {
    List<Long> ids = new ArrayList<>();
    List<String> states = new ArrayList<>();
    List<Double> delays = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    int[] counts = new int[2];
    for (Row row : rows) {
      int attempt = row.getInteger("attempts");
      JobFailure failure = JobFailure.leaseExpired(row.getString("lease_owner"));
      failure = new JobFailure(failure.type(), failure.message() + " (" + why + ")", "", false);
      JobState next = next(row, attempt);
      ids.add(row.getLong("id"));
      states.add(next.db());
      delays.add(next == JobState.QUEUED ? delaySeconds(attempt) : 0.0);
      errors.add(failure.toJson().encode());
      attempts.add(attempt);
      if (next == JobState.QUEUED) {
        counts[0]++;
      } else if (next == JobState.DEAD) {
        counts[1]++;
      }
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(counts);
    }
    Tuple params =
        Tuple.of(
            ids.toArray(Long[]::new),
            states.toArray(String[]::new),
            delays.toArray(Double[]::new),
            errors.toArray(String[]::new),
            attempts.toArray(Integer[]::new));
    return conn.preparedQuery(
            "WITH s AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[], $5::int[])"
                + " AS s(id, state, delay, error, attempt)),"
                + " errs AS (INSERT INTO job_errors (job_id, attempt, type, message)"
                + " SELECT id, attempt, error::jsonb->>'type', error::jsonb->>'message' FROM s)"
                + " UPDATE jobs j SET state = s.state, last_error = s.error::jsonb,"
                + " run_at = now() + make_interval(secs => s.delay), lease_expires_at = NULL,"
                + " heartbeat_at = NULL,"
                + " lease_owner = NULL,"
                + " finished_at = CASE WHEN s.state = 'queued' THEN NULL ELSE now() END"
                + " FROM s WHERE j.id = s.id")
        .execute(params)
        .map(done -> counts);
  }

  private static JobState next(Row row, int attempts) {
    JobState next;
    if (row.getBoolean("cancel_requested")) {
      next = JobState.CANCELLED;
      JobState.checkTransition(JobState.RUNNING, next);
    } else {
      next = attempts >= row.getInteger("max_attempts") ? JobState.DEAD : JobState.QUEUED;
      JobState.checkTransition(JobState.RUNNING, next);
    }
    return next;
  }

  private double delaySeconds(int attempt) {
    return retry.delayAfter(attempt, () -> ThreadLocalRandom.current().nextDouble()).toMillis()
        / 1000.0;
  }
}
