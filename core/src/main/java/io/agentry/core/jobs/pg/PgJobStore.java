package io.agentry.core.jobs.pg;

import static io.agentry.core.jobs.pg.JobRows.COLUMNS;
import static io.agentry.core.jobs.pg.JobRows.J_COLUMNS;

import io.agentry.core.jobs.Claimed;
import io.agentry.core.jobs.Completion;
import io.agentry.core.jobs.EnqueueResult;
import io.agentry.core.jobs.FailureOutcome;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobError;
import io.agentry.core.jobs.JobFailure;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.Lease;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.jobs.ReapReport;
import io.agentry.core.jobs.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** {@link JobStore} on PostgreSQL; see {@code V2__jobs.sql} for the table and its indexes. */
public final class PgJobStore implements JobStore {

  /** NOTIFY channel that wakes directors when jobs are enqueued; the payload is the role. */
  public static final String CHANNEL = "agentry_jobs";

  private static final String ENQUEUE =
      "WITH ins AS (INSERT INTO jobs (role, kind, payload, priority, run_at, max_attempts,"
          + " idempotency_key, project_id, task_id)"
          + " VALUES ($1, $2, $3, $4, coalesce($5, now()), $6, $7, $8, $9)"
          + " ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id, role)"
          + " SELECT id, pg_notify('"
          + CHANNEL
          + "', role) FROM ins";

  private static final String ENQUEUE_ALL =
      "WITH ins AS (INSERT INTO jobs (role, kind, payload, priority, run_at, max_attempts,"
          + " project_id, task_id)"
          + " SELECT r, k, p::jsonb, pr, CASE WHEN ra < 0 THEN now()"
          + " ELSE to_timestamp(ra / 1000.0) END, ma, nullif(pj, '')::uuid, nullif(tk, '')::uuid"
          + " FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::int[],"
          + " $7::text[], $8::text[]) AS t(r, k, p, pr, ra, ma, pj, tk)"
          + " RETURNING id, role),"
          + " woken AS (SELECT pg_notify('"
          + CHANNEL
          + "', role) FROM (SELECT DISTINCT role FROM ins) d)"
          + " SELECT ins.id FROM ins, (SELECT count(*) FROM woken) w ORDER BY ins.id";

  /** V11: the claims run in a function that pins their plan to an ordered scan of jobs_ready. */
  private static final String CLAIM =
      "SELECT " + J_COLUMNS + " FROM agentry_claim_jobs($1, $2, $3, $4, false) j";

  private static final String CLAIM_AND_START =
      "SELECT " + J_COLUMNS + " FROM agentry_claim_jobs($1, $2, $3, $4, true) j";

  private static final String START =
      "UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, heartbeat_at = now(),"
          + " started_at = now(), lease_expires_at = now() + make_interval(secs => $4)"
          + LeaseArrays.FENCE
          + " AND j.state = 'leased' RETURNING "
          + J_COLUMNS;

  private static final String HEARTBEAT =
      "UPDATE jobs j SET heartbeat_at = now(), lease_expires_at = now() + make_interval(secs => $4)"
          + LeaseArrays.FENCE
          + " AND j.state IN ('leased', 'running')"
          + " RETURNING j.id, j.cancel_requested";

  private static final String COMPLETE =
      "UPDATE jobs j SET state = 'succeeded', result = r.result::jsonb, finished_at = now(),"
          + " lease_expires_at = NULL, lease_owner = NULL"
          + " FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])"
          + " AS r(id, epoch, owner, result)"
          + " WHERE j.id = r.id AND j.lease_epoch = r.epoch AND j.lease_owner = r.owner"
          + " AND j.state = 'running' RETURNING r.id, r.epoch, r.owner";

  private static final String RELEASE =
      "UPDATE jobs j SET state = 'queued', run_at = now(), lease_owner = NULL,"
          + " lease_expires_at = NULL, heartbeat_at = NULL,"
          + " attempts = CASE WHEN j.state = 'running' THEN j.attempts - 1 ELSE j.attempts END"
          + LeaseArrays.FENCE
          + " AND j.state IN ('leased', 'running')";

  private final Pool pool;
  private final Pool relaxed;
  private final RetryPolicy retry;
  private final PgLeaseReaper reaper;
  private final RoleLimits limits;

  private PgJobStore(Pool pool, Pool relaxed, RetryPolicy retry) {
    this.pool = pool;
    this.relaxed = relaxed;
    this.retry = retry;
    this.reaper = new PgLeaseReaper(pool, retry);
    this.limits = new RoleLimits(pool);
  }

  /** A store whose every write is durable. */
  public static PgJobStore create(Pool pool, RetryPolicy retry) {
    return new PgJobStore(pool, pool, retry);
  }

  /**
   * A store that writes claims, starts and heartbeats through {@code relaxed} (commits that do not
   * wait for the WAL flush) and everything else through {@code pool}. Losing a relaxed write in a
   * database crash only makes a job run again; completions, failures and enqueues stay durable.
   */
  public static PgJobStore create(Pool pool, Pool relaxed, RetryPolicy retry) {
    return new PgJobStore(pool, relaxed, retry);
  }

  @Override
  public Future<EnqueueResult> enqueue(NewJob job) {
    return enqueue(pool, job);
  }

  @Override
  public Future<EnqueueResult> enqueue(SqlConnection tx, NewJob job) {
    return enqueue((SqlClient) tx, job);
  }

  private static Future<EnqueueResult> enqueue(SqlClient client, NewJob job) {
    Tuple params =
        Tuple.tuple()
            .addString(job.role())
            .addString(job.kind())
            .addValue(job.payload())
            .addInteger(job.priority())
            .addValue(job.runAt() == null ? null : job.runAt().atOffset(ZoneOffset.UTC))
            .addInteger(job.maxAttempts())
            .addString(job.idempotencyKey())
            .addValue(job.projectId())
            .addValue(job.taskId());
    return client
        .preparedQuery(ENQUEUE)
        .execute(params)
        .compose(
            rows -> {
              if (rows.rowCount() == 1) {
                return Future.succeededFuture(
                    new EnqueueResult(rows.iterator().next().getLong("id"), true));
              }
              return client
                  .preparedQuery("SELECT id FROM jobs WHERE idempotency_key = $1")
                  .execute(Tuple.of(job.idempotencyKey()))
                  .map(
                      existing ->
                          new EnqueueResult(existing.iterator().next().getLong("id"), false));
            });
  }

  @Override
  public Future<List<Long>> enqueueAll(List<NewJob> jobs) {
    if (jobs.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int n = jobs.size();
    String[] roles = new String[n], kinds = new String[n], payloads = new String[n];
    String[] projects = new String[n], tasks = new String[n];
    Integer[] priorities = new Integer[n], maxAttempts = new Integer[n];
    Long[] runAt = new Long[n];
    for (int i = 0; i < n; i++) {
      NewJob job = jobs.get(i);
      if (job.idempotencyKey() != null) {
        return Future.failedFuture(
            new IllegalArgumentException("enqueueAll takes no idempotency keys"));
      }
      roles[i] = job.role();
      kinds[i] = job.kind();
      payloads[i] = job.payload().encode();
      priorities[i] = job.priority();
      runAt[i] = job.runAt() == null ? -1L : job.runAt().toEpochMilli();
      maxAttempts[i] = job.maxAttempts();
      projects[i] = job.projectId() == null ? "" : job.projectId().toString();
      tasks[i] = job.taskId() == null ? "" : job.taskId().toString();
    }
    Tuple params =
        Tuple.of(roles, kinds, payloads, priorities, runAt, maxAttempts, projects, tasks);
    return pool.preparedQuery(ENQUEUE_ALL)
        .execute(params)
        .map(
            rows -> {
              List<Long> ids = new ArrayList<>(n);
              rows.forEach(row -> ids.add(row.getLong("id")));
              return ids;
            });
  }

  @Override
  public Future<List<Job>> claim(String role, String owner, int max, Duration ackTimeout) {
    return claim(CLAIM, role, owner, max, ackTimeout).map(Claimed::jobs);
  }

  @Override
  public Future<Claimed> claimAndStart(String role, String owner, int max, Duration ttl) {
    return claim(CLAIM_AND_START, role, owner, max, ttl);
  }

  /** Runs one of the claim statements, whose parameters are (role, owner, max, lease seconds). */
  private Future<Claimed> claim(String sql, String role, String owner, int max, Duration lease) {
    if (max <= 0) {
      return Future.succeededFuture(new Claimed(List.of(), false));
    }
    double secs = seconds(lease);
    return limits
        .limitOf(role)
        .compose(
            limit ->
                limit.isEmpty()
                    ? relaxed
                        .preparedQuery(sql)
                        .execute(Tuple.of(role, owner, max, secs))
                        .map(rows -> new Claimed(JobRows.all(rows), false))
                    : claimWithinLimit(sql, role, owner, max, secs, limit.get()));
  }

  /**
   * Serialises claimers of one limited role so that together they never exceed the limit. The count
   * runs as its own statement after the lock is granted: a statement's snapshot is taken when it
   * starts, so counting in the locking statement would miss claims committed meanwhile.
   */
  private Future<Claimed> claimWithinLimit(
      String sql, String role, String owner, int max, double secs, int limit) {
    return relaxed.withTransaction(
        conn ->
            HeldLeasePlan.pin(conn)
                .compose(
                    planned ->
                        conn.preparedQuery(
                                "SELECT pg_advisory_xact_lock(hashtext('agentry.claim:' || $1))")
                            .execute(Tuple.of(role)))
                .compose(
                    locked ->
                        conn.preparedQuery(
                                "SELECT count(*) AS held FROM jobs WHERE lease_owner IS NOT NULL"
                                    + " AND role = $1")
                            .execute(Tuple.of(role)))
                .compose(
                    held -> {
                      long free = limit - held.iterator().next().getLong("held");
                      if (free <= 0) {
                        return Future.succeededFuture(new Claimed(List.of(), true));
                      }
                      int n = (int) Math.min(max, free);
                      // Capped: the limit, not the queue, ended this claim (it took every place).
                      return conn.preparedQuery(sql)
                          .execute(Tuple.of(role, owner, n, secs))
                          .map(JobRows::all)
                          .map(got -> new Claimed(got, n < max && got.size() == n));
                    }));
  }

  @Override
  public Future<List<Job>> start(List<Lease> leases, Duration ttl) {
    if (leases.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    LeaseArrays a = LeaseArrays.of(leases);
    return relaxed
        .preparedQuery(START)
        .execute(Tuple.of(a.ids(), a.epochs(), a.owners(), seconds(ttl)))
        .map(JobRows::all);
  }

  @Override
  public Future<HeartbeatResult> heartbeat(List<Lease> leases, Duration ttl) {
    if (leases.isEmpty()) {
      return Future.succeededFuture(new HeartbeatResult(0, List.of()));
    }
    LeaseArrays a = LeaseArrays.of(leases);
    return relaxed
        .preparedQuery(HEARTBEAT)
        .execute(Tuple.of(a.ids(), a.epochs(), a.owners(), seconds(ttl)))
        .map(
            rows -> {
              List<Long> cancel = new ArrayList<>();
              rows.forEach(
                  row -> {
                    if (row.getBoolean("cancel_requested")) {
                      cancel.add(row.getLong("id"));
                    }
                  });
              return new HeartbeatResult(rows.rowCount(), cancel);
            });
  }

  @Override
  public Future<List<Lease>> complete(List<Completion> completions) {
    if (completions.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int n = completions.size();
    Long[] ids = new Long[n], epochs = new Long[n];
    String[] owners = new String[n], results = new String[n];
    for (int i = 0; i < n; i++) {
      Completion c = completions.get(i);
      ids[i] = c.lease().jobId();
      epochs[i] = c.lease().epoch();
      owners[i] = c.lease().owner();
      results[i] = (c.result() == null ? new JsonObject() : c.result()).encode();
    }
    return pool.preparedQuery(COMPLETE)
        .execute(Tuple.of(ids, epochs, owners, results))
        .map(
            rows -> {
              List<Lease> done = new ArrayList<>(rows.rowCount());
              rows.forEach(
                  r ->
                      done.add(
                          new Lease(r.getLong("id"), r.getLong("epoch"), r.getString("owner"))));
              return done;
            });
  }

  @Override
  public Future<Optional<FailureOutcome>> fail(Lease lease, JobFailure failure) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "SELECT attempts, max_attempts FROM jobs WHERE id = $1 AND lease_epoch = $2"
                        + " AND lease_owner = $3 AND state = 'running' FOR UPDATE")
                .execute(Tuple.of(lease.jobId(), lease.epoch(), lease.owner()))
                .compose(
                    rows -> {
                      if (rows.rowCount() == 0) {
                        return Future.succeededFuture(Optional.<FailureOutcome>empty());
                      }
                      Row row = rows.iterator().next();
                      int attempts = row.getInteger("attempts");
                      JobState next =
                          afterFailure(attempts, row.getInteger("max_attempts"), failure);
                      Duration delay =
                          next == JobState.QUEUED ? delayAfter(attempts) : Duration.ZERO;
                      Instant retryAt = next == JobState.QUEUED ? Instant.now().plus(delay) : null;
                      return conn.preparedQuery(
                              "UPDATE jobs SET state = $2, run_at = now() + make_interval(secs => $3),"
                                  + " last_error = $4, lease_expires_at = NULL, heartbeat_at = NULL,"
                                  + " lease_owner = NULL,"
                                  + " finished_at = CASE WHEN $2 = 'dead' THEN now() END WHERE id = $1")
                          .execute(
                              Tuple.of(lease.jobId(), next.db(), seconds(delay), failure.toJson()))
                          .compose(v -> insertError(conn, lease.jobId(), attempts, failure))
                          .map(
                              v ->
                                  Optional.of(
                                      new FailureOutcome(lease.jobId(), next, attempts, retryAt)));
                    }));
  }

  private JobState afterFailure(int attempts, int maxAttempts, JobFailure failure) {
    JobState.checkTransition(JobState.RUNNING, JobState.FAILED);
    JobState next =
        failure.nonRetryable() || attempts >= maxAttempts ? JobState.DEAD : JobState.QUEUED;
    JobState.checkTransition(JobState.FAILED, next);
    return next;
  }

  private Duration delayAfter(int attempts) {
    return retry.delayAfter(attempts, () -> ThreadLocalRandom.current().nextDouble());
  }

  static Future<Void> insertError(
      io.vertx.sqlclient.SqlClient conn, long jobId, int attempt, JobFailure f) {
    return conn.preparedQuery(
            "INSERT INTO job_errors (job_id, attempt, type, message, stack, non_retryable)"
                + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(jobId, attempt, f.type(), f.message(), f.stack(), f.nonRetryable()))
        .mapEmpty();
  }

  @Override
  public Future<Integer> release(List<Lease> leases) {
    if (leases.isEmpty()) {
      return Future.succeededFuture(0);
    }
    LeaseArrays a = LeaseArrays.of(leases);
    return pool.preparedQuery(RELEASE)
        .execute(Tuple.of(a.ids(), a.epochs(), a.owners()))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<Boolean> cancelled(Lease lease) {
    return fencedUpdate(
        lease,
        "UPDATE jobs SET state = 'cancelled', finished_at = now(), lease_expires_at = NULL,"
            + " lease_owner = NULL"
            + " WHERE id = $1 AND lease_epoch = $2 AND lease_owner = $3 AND state = 'running'"
            + " AND cancel_requested",
        Tuple.of(lease.jobId(), lease.epoch(), lease.owner()));
  }

  @Override
  public Future<Boolean> awaitApproval(Lease lease, JsonObject request) {
    return fencedUpdate(
        lease,
        "UPDATE jobs SET state = 'awaiting_approval', lease_expires_at = NULL, heartbeat_at = NULL,"
            + " lease_owner = NULL,"
            + " payload = payload || jsonb_build_object('approvalRequest', $4::jsonb)"
            + " WHERE id = $1 AND lease_epoch = $2 AND lease_owner = $3 AND state = 'running'",
        Tuple.of(lease.jobId(), lease.epoch(), lease.owner(), request));
  }

  /*
   * Approved — or rejected when the request asked to hear a rejection — the job is queued again;
   * otherwise a rejection ends it. The verdict carries the request it answers.
   */
  private static final String DECIDE_APPROVAL =
      """
      UPDATE jobs SET
        state = CASE WHEN requeue THEN 'queued' ELSE 'cancelled' END,
        run_at = CASE WHEN requeue THEN now() ELSE run_at END,
        finished_at = CASE WHEN requeue THEN NULL ELSE now() END,
        attempts = CASE WHEN requeue THEN greatest(attempts - 1, 0) ELSE attempts END,
        lease_owner = NULL,
        payload = payload || jsonb_build_object('approval',
          $2::jsonb || jsonb_build_object('request', payload->'approvalRequest'))
      FROM (SELECT $3::boolean
              OR coalesce(payload->'approvalRequest'->>'resumeOnReject', '') = 'true' AS requeue
            FROM jobs WHERE id = $1) decision
      WHERE id = $1 AND state = 'awaiting_approval'
      """;

  @Override
  public Future<Boolean> decideApproval(long jobId, boolean approved, String feedback) {
    JsonObject verdict = new JsonObject().put("approved", approved).put("feedback", feedback);
    return pool.preparedQuery(DECIDE_APPROVAL)
        .execute(Tuple.of(jobId, verdict, approved))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<ReapReport> reapExpired() {
    return reaper.reapExpired();
  }

  @Override
  public Future<ReapReport> reclaimFrom(String owner) {
    return reaper.reclaimFrom(owner);
  }

  @Override
  public Future<Boolean> cancel(long jobId) {
    return pool.preparedQuery(
            "UPDATE jobs SET cancel_requested = true,"
                + " state = CASE WHEN state = 'running' THEN state ELSE 'cancelled' END,"
                + " lease_expires_at = CASE WHEN state = 'running' THEN lease_expires_at END,"
                + " lease_owner = CASE WHEN state = 'running' THEN lease_owner END,"
                + " finished_at = CASE WHEN state = 'running' THEN NULL ELSE now() END"
                + " WHERE id = $1 AND state IN ('queued', 'leased', 'running', 'awaiting_approval')")
        .execute(Tuple.of(jobId))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Boolean> retryDead(long jobId) {
    return pool.preparedQuery(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL,"
                + " lease_owner = NULL WHERE id = $1 AND state = 'dead'")
        .execute(Tuple.of(jobId))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Optional<Job>> find(long jobId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = $1")
        .execute(Tuple.of(jobId))
        .map(
            rows ->
                rows.rowCount() == 0
                    ? Optional.empty()
                    : Optional.of(JobRows.job(rows.iterator().next())));
  }

  @Override
  public Future<List<JobError>> errors(long jobId) {
    return pool.preparedQuery(
            "SELECT job_id, attempt, type, message, stack, non_retryable, at FROM job_errors"
                + " WHERE job_id = $1 ORDER BY at, attempt")
        .execute(Tuple.of(jobId))
        .map(
            rows -> {
              List<JobError> errors = new ArrayList<>();
              rows.forEach(
                  r ->
                      errors.add(
                          new JobError(
                              r.getLong("job_id"),
                              r.getInteger("attempt"),
                              new JobFailure(
                                  r.getString("type"),
                                  r.getString("message"),
                                  r.getString("stack"),
                                  r.getBoolean("non_retryable")),
                              JobRows.instant(r, "at"))));
              return errors;
            });
  }

  @Override
  public Future<Set<String>> leaseOwners() {
    return pool.query("SELECT DISTINCT lease_owner FROM jobs WHERE lease_owner IS NOT NULL")
        .execute()
        .map(
            rows -> {
              Set<String> owners = new HashSet<>();
              rows.forEach(r -> owners.add(r.getString("lease_owner")));
              return owners;
            });
  }

  @Override
  public Future<Map<JobState, Long>> countByState() {
    return pool.query("SELECT state, count(*) AS n FROM jobs GROUP BY state")
        .execute()
        .map(
            rows -> {
              Map<JobState, Long> counts = new EnumMap<>(JobState.class);
              rows.forEach(r -> counts.put(JobState.fromDb(r.getString("state")), r.getLong("n")));
              return counts;
            });
  }

  private Future<Boolean> fencedUpdate(Lease lease, String sql, Tuple params) {
    return pool.preparedQuery(sql).execute(params).map(rows -> rows.rowCount() == 1);
  }

  static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
