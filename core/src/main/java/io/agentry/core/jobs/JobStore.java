package io.agentry.core.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable job queue. PostgreSQL is the only arbiter of who owns a job: every write after a
 * claim is fenced by its {@link Lease}, and a write with a stale lease changes nothing (the
 * returned lists and counts say which writes took effect).
 */
public interface JobStore {

  /** Enqueues a job, or returns the existing one when its idempotency key is taken. */
  Future<EnqueueResult> enqueue(NewJob job);

  /**
   * Enqueues inside the caller's transaction, so that the job exists exactly when the caller's
   * other writes commit (e.g. a schedule advanced to its next fire).
   */
  Future<EnqueueResult> enqueue(io.vertx.sqlclient.SqlConnection tx, NewJob job);

  /** Enqueues many jobs in one round trip (no idempotency keys). Returns their ids in order. */
  Future<List<Long>> enqueueAll(List<NewJob> jobs);

  /**
   * Leases up to {@code max} due jobs of {@code role} to {@code owner}, highest priority first,
   * within the role's concurrency limit. The lease lasts {@code ackTimeout}: if the owner does not
   * {@link #start} the job in that time, the reaper returns it to the queue without burning an
   * attempt.
   */
  Future<List<Job>> claim(String role, String owner, int max, Duration ackTimeout);

  /**
   * Claims up to {@code max} due jobs of {@code role} for {@code owner} and starts them in the same
   * write ({@code queued → running}, one attempt counted, the lease lasting {@code ttl}): for a
   * worker that claims for itself and runs what it gets at once.
   */
  Future<Claimed> claimAndStart(String role, String owner, int max, Duration ttl);

  /** {@code leased → running} for the leases still valid; each start counts one attempt. */
  Future<List<Job>> start(List<Lease> leases, Duration ttl);

  /**
   * Extends the leases still held; returns the ids among them whose cancellation was requested (the
   * owner should stop them and report {@link #cancelled}).
   */
  Future<HeartbeatResult> heartbeat(List<Lease> leases, Duration ttl);

  /** {@code running → succeeded}; returns the leases that were still valid. */
  Future<List<Lease>> complete(List<Completion> completions);

  /** {@code running → failed →} retry with backoff, or {@code dead}; the error is kept. */
  Future<Optional<FailureOutcome>> fail(Lease lease, JobFailure failure);

  /**
   * Gives jobs back without burning an attempt (graceful shutdown, refused dispatch): {@code
   * leased|running → queued}. Returns how many were still held.
   */
  Future<Integer> release(List<Lease> leases);

  /** {@code running → cancelled} after the owner stopped a job whose cancellation was requested. */
  Future<Boolean> cancelled(Lease lease);

  /** {@code running → awaiting_approval}: the job waits for a person before it may go on. */
  Future<Boolean> awaitApproval(Lease lease, JsonObject request);

  /**
   * Ends the wait: approved jobs are queued again with the verdict in {@code payload.approval}
   * ({@code approved}, {@code feedback} and the {@code request} it answers). A rejected job is
   * cancelled, unless its request said {@code "resumeOnReject": true}: then it is queued again with
   * the verdict too, so that its handler can act on the feedback (an agent step does).
   */
  Future<Boolean> decideApproval(long jobId, boolean approved, String feedback);

  /** Returns every expired lease to the queue (or to dead when attempts are exhausted). */
  Future<ReapReport> reapExpired();

  /**
   * Same as {@link #reapExpired} for all leases of a node known to be gone, whether expired or not.
   */
  Future<ReapReport> reclaimFrom(String owner);

  /**
   * Cancels a job: at once when nobody runs it, otherwise by asking its owner (seen on the next
   * heartbeat). Returns false when the job is already finished.
   */
  Future<Boolean> cancel(long jobId);

  /** An operator's retry of a dead job, with a fresh set of attempts. */
  Future<Boolean> retryDead(long jobId);

  Future<Optional<Job>> find(long jobId);

  Future<List<JobError>> errors(long jobId);

  /**
   * Nodes that hold leases now; a new director reclaims those of nodes no longer in the cluster.
   */
  Future<java.util.Set<String>> leaseOwners();

  /** Number of jobs per state, for readiness views and benchmarks. */
  Future<java.util.Map<JobState, Long>> countByState();

  /** The result of a heartbeat: how many leases were extended, and which were asked to cancel. */
  record HeartbeatResult(int extended, List<Long> cancelRequested) {}
}
