package io.agentry.node.testing;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobError;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.jobs.RetryPolicy;
import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The test's own view of the queue, straight from PostgreSQL: it enqueues jobs and watches their
 * state while node JVMs work on them. Every test uses a role of its own.
 */
public final class QueueProbe implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Pool pool = TestDatabase.pool(vertx);
  private final JobStore store =
      PgJobStore.create(
          pool, RetryPolicy.exponential(Duration.ofSeconds(1), 2, Duration.ofSeconds(10)));
  private final String role = TestDatabase.uniqueName("q");

  public String role() {
    return role;
  }

  public long enqueue(String kind, JsonObject payload) {
    return store.enqueue(NewJob.builder(role, kind).payload(payload).build()).await().jobId();
  }

  public List<Long> enqueueMany(int count, String kind, JsonObject payload) {
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(NewJob.builder(role, kind).payload(payload.copy()).build());
    }
    return store.enqueueAll(jobs).await();
  }

  public Job job(long id) {
    return store.find(id).await().orElseThrow();
  }

  public List<Job> jobs(List<Long> ids) {
    return ids.stream().map(this::job).toList();
  }

  public List<JobError> errors(long id) {
    return store.errors(id).await();
  }

  /**
   * Polls until {@code condition} holds for the job; returns it, or fails after {@code timeout}.
   */
  public Job awaitJob(long id, Duration timeout, Predicate<Job> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Job job = job(id);
    while (!condition.test(job)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "job " + id + " did not reach the expected state within " + timeout + ": " + job);
      }
      Thread.sleep(50);
      job = job(id);
    }
    return job;
  }

  /** Waits until every job is in {@code state}. */
  public void awaitAll(List<Long> ids, JobState state, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long missing = jobs(ids).stream().filter(j -> j.state() != state).count();
      if (missing == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            missing + " of " + ids.size() + " jobs not " + state + " within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /** The node holding the director lease of {@code clusterName}, or null. */
  public String activeDirector(String clusterName) {
    var rows =
        pool.preparedQuery(
                "SELECT holder FROM leader_leases WHERE name = $1 AND expires_at > now()")
            .execute(Tuple.of("director:" + clusterName))
            .await();
    return rows.rowCount() == 0 ? null : rows.iterator().next().getString("holder");
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
