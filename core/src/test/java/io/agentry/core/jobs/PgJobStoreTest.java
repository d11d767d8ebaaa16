package io.agentry.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The queue's contract, against the real PostgreSQL. Each test works in a role of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgJobStoreTest {

  private static final Duration ACK = Duration.ofSeconds(5);
  private static final Duration TTL = Duration.ofSeconds(10);
  private static final RetryPolicy RETRY =
      RetryPolicy.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2));

  private Vertx vertx;
  private Pool pool;
  private JobStore store;
  private String role;

  @BeforeAll
  void open() {
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
    store = PgJobStore.create(pool, RETRY);
  }

  @AfterAll
  void close() {
    vertx.close().await();
  }

  @BeforeEach
  void freshRole() {
    role = TestDatabase.uniqueName("r");
  }

  @Test
  void a_job_goes_from_queued_through_leased_and_running_to_succeeded() {
    long id = store.enqueue(job().payload(new JsonObject().put("n", 1)).build()).await().jobId();

    List<Job> claimed = store.claim(role, "node-a", 10, ACK).await();
    assertThat(claimed)
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.id()).isEqualTo(id);
              assertThat(j.state()).isEqualTo(JobState.LEASED);
              assertThat(j.leaseOwner()).isEqualTo("node-a");
              assertThat(j.leaseEpoch()).isEqualTo(1);
              assertThat(j.attempts()).isZero();
            });
    List<Job> started = store.start(List.of(claimed.get(0).lease()), TTL).await();
    assertThat(started).singleElement().satisfies(j -> assertThat(j.attempts()).isEqualTo(1));

    List<Lease> done =
        store
            .complete(
                List.of(new Completion(started.get(0).lease(), new JsonObject().put("ok", true))))
            .await();

    assertThat(done).containsExactly(started.get(0).lease());
    Job finished = store.find(id).await().orElseThrow();
    assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(finished.result().getBoolean("ok")).isTrue();
    assertThat(finished.finishedAt()).isNotNull();
  }

  @Test
  void claims_take_higher_priority_first_and_skip_jobs_not_yet_due() {
    long low = enqueue(job().priority(0));
    long high = enqueue(job().priority(10));
    enqueue(job().priority(99).runAt(Instant.now().plusSeconds(3600)));

    List<Job> claimed = store.claim(role, "node-a", 10, ACK).await();

    assertThat(claimed).extracting(Job::id).containsExactly(high, low);
  }

  @Test
  void concurrent_claimers_never_lease_the_same_job_twice() {
    store.enqueueAll(IntStream.range(0, 200).mapToObj(i -> job().build()).toList()).await();

    List<Future<List<Job>>> claims = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      claims.add(store.claim(role, "node-" + i, 40, ACK));
    }
    Future.all(claims).await();

    List<Long> ids = claims.stream().flatMap(f -> f.result().stream()).map(Job::id).toList();
    assertThat(ids).hasSize(200).doesNotHaveDuplicates();
  }

  @Test
  void fifty_concurrent_enqueues_with_one_idempotency_key_create_one_job() {
    String key = TestDatabase.uniqueName("key");
    List<Future<EnqueueResult>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(store.enqueue(job().idempotencyKey(key).build()));
    }
    Future.all(results).await();

    Set<Long> ids = results.stream().map(f -> f.result().jobId()).collect(Collectors.toSet());
    assertThat(ids).hasSize(1);
    assertThat(results.stream().filter(f -> f.result().created())).hasSize(1);
    long rows =
        pool.preparedQuery("SELECT count(*) AS n FROM jobs WHERE idempotency_key = $1")
            .execute(Tuple.of(key))
            .await()
            .iterator()
            .next()
            .getLong("n");
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void writes_under_a_stale_lease_are_rejected_after_the_job_was_leased_again() {
    enqueue(job());
    Job first = startOne("node-old");

    assertThat(store.reclaimFrom("node-old").await().retried()).isEqualTo(1);
    forceDue();
    Job second = startOne("node-new");
    assertThat(second.leaseEpoch()).isGreaterThan(first.leaseEpoch());

    assertThat(store.heartbeat(List.of(first.lease()), TTL).await().extended()).isZero();
    assertThat(store.complete(List.of(new Completion(first.lease(), new JsonObject()))).await())
        .isEmpty();
    assertThat(store.fail(first.lease(), JobFailure.retryable("X", "late")).await()).isEmpty();
    assertThat(store.release(List.of(first.lease())).await()).isZero();

    Job current = store.find(second.id()).await().orElseThrow();
    assertThat(current.state()).isEqualTo(JobState.RUNNING);
    assertThat(current.leaseOwner()).isEqualTo("node-new");
    assertThat(store.complete(List.of(new Completion(second.lease(), new JsonObject()))).await())
        .hasSize(1);
  }

  @Test
  void failures_retry_with_backoff_and_exhausted_attempts_end_dead_with_every_error_kept() {
    long id = enqueue(job().maxAttempts(3));
    List<Instant> retryAts = new ArrayList<>();
    for (int attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) {
        forceDue();
      }
      Job running = startOne("node-a");
      assertThat(running.attempts()).isEqualTo(attempt);
      Instant before = Instant.now();
      FailureOutcome outcome =
          store
              .fail(running.lease(), JobFailure.retryable("Boom", "failure " + attempt))
              .await()
              .orElseThrow();
      if (attempt < 3) {
        assertThat(outcome.state()).isEqualTo(JobState.QUEUED);
        Duration delay = Duration.between(before, outcome.retryAt());
        Duration nominal = RETRY.nominalDelayAfter(attempt);
        assertThat(delay).isBetween(nominal.minusMillis(50), nominal.plusMillis(250));
        retryAts.add(outcome.retryAt());
      } else {
        assertThat(outcome.state()).isEqualTo(JobState.DEAD);
      }
    }

    Job dead = store.find(id).await().orElseThrow();
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.lastError().message()).isEqualTo("failure 3");
    assertThat(store.errors(id).await())
        .extracting(e -> e.attempt() + ":" + e.failure().message())
        .containsExactly("1:failure 1", "2:failure 2", "3:failure 3");
  }

  @Test
  void a_failed_job_is_not_claimable_before_its_backoff_has_passed() throws Exception {
    enqueue(job());
    Job running = startOne("node-a");
    store.fail(running.lease(), JobFailure.retryable("Boom", "once")).await();

    assertThat(store.claim(role, "node-a", 1, ACK).await()).isEmpty();
    Thread.sleep(RETRY.nominalDelayAfter(1).toMillis() + 100);
    assertThat(store.claim(role, "node-a", 1, ACK).await()).hasSize(1);
  }

  @Test
  void non_retryable_failures_go_dead_at_once() {
    long id = enqueue(job().maxAttempts(5));
    Job running = startOne("node-a");
    FailureOutcome outcome =
        store
            .fail(running.lease(), JobFailure.nonRetryable("BadInput", "no"))
            .await()
            .orElseThrow();
    assertThat(outcome.state()).isEqualTo(JobState.DEAD);
    assertThat(store.errors(id).await())
        .singleElement()
        .satisfies(e -> assertThat(e.failure().nonRetryable()).isTrue());
  }

  @Test
  void released_jobs_go_back_to_the_queue_without_burning_an_attempt() {
    long id = enqueue(job());
    Job running = startOne("node-a");
    assertThat(running.attempts()).isEqualTo(1);

    assertThat(store.release(List.of(running.lease())).await()).isEqualTo(1);

    Job queued = store.find(id).await().orElseThrow();
    assertThat(queued.state()).isEqualTo(JobState.QUEUED);
    assertThat(queued.attempts()).isZero();
    assertThat(queued.leaseOwner()).isNull();
    assertThat(store.errors(id).await()).isEmpty();
  }

  @Test
  void unacknowledged_leases_return_to_the_queue_and_expired_running_leases_count_an_attempt()
      throws Exception {
    long neverStarted = enqueue(job());
    store.claim(role, "node-gone", 1, Duration.ofMillis(100)).await();
    long started = enqueue(job());
    Job running = store.claim(role, "node-gone", 1, ACK).await().get(0);
    store.start(List.of(running.lease()), Duration.ofMillis(100)).await();
    Thread.sleep(250);

    store.reapExpired().await();

    Job back = store.find(neverStarted).await().orElseThrow();
    assertThat(back.state()).isEqualTo(JobState.QUEUED);
    assertThat(back.attempts()).isZero();
    Job retried = store.find(started).await().orElseThrow();
    assertThat(retried.state()).isEqualTo(JobState.QUEUED);
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.lastError().type()).isEqualTo("LeaseExpired");
    assertThat(store.errors(started).await()).hasSize(1);
  }

  @Test
  void expired_leases_of_a_job_on_its_last_attempt_end_dead() throws Exception {
    long id = enqueue(job().maxAttempts(1));
    Job running = store.claim(role, "node-gone", 1, ACK).await().get(0);
    store.start(List.of(running.lease()), Duration.ofMillis(100)).await();
    Thread.sleep(250);

    store.reapExpired().await();

    assertThat(store.find(id).await().orElseThrow().state()).isEqualTo(JobState.DEAD);
  }

  @Test
  void reclaiming_a_departed_nodes_leases_does_not_touch_other_nodes() {
    long gone = enqueue(job());
    startOne("node-gone");
    long kept = enqueue(job());
    startOne("node-alive");

    ReapReport report = store.reclaimFrom("node-gone").await();

    assertThat(report.retried()).isEqualTo(1);
    assertThat(store.find(gone).await().orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThat(store.find(kept).await().orElseThrow().state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void cancelling_a_queued_job_ends_it_and_a_running_one_asks_its_owner() {
    long queued = enqueue(job());
    assertThat(store.cancel(queued).await()).isTrue();
    assertThat(store.find(queued).await().orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    assertThat(store.cancel(queued).await()).isFalse();

    long runningId = enqueue(job());
    Job running = startOne("node-a");
    assertThat(store.cancel(runningId).await()).isTrue();
    assertThat(store.find(runningId).await().orElseThrow().state()).isEqualTo(JobState.RUNNING);
    assertThat(store.heartbeat(List.of(running.lease()), TTL).await().cancelRequested())
        .containsExactly(runningId);
    assertThat(store.cancelled(running.lease()).await()).isTrue();
    assertThat(store.find(runningId).await().orElseThrow().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void a_role_limit_caps_jobs_held_at_once_across_claimers() {
    pool.preparedQuery("INSERT INTO job_role_limits (role, max_concurrent) VALUES ($1, 3)")
        .execute(Tuple.of(role))
        .await();
    store = PgJobStore.create(pool, RETRY); // fresh limit cache
    store.enqueueAll(IntStream.range(0, 10).mapToObj(i -> job().build()).toList()).await();

    List<Future<List<Job>>> claims = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claims.add(store.claim(role, "node-" + i, 10, ACK));
    }
    Future.all(claims).await();

    assertThat(claims.stream().mapToInt(f -> f.result().size()).sum()).isEqualTo(3);
  }

  @Test
  void claim_and_start_runs_due_jobs_in_one_write_counting_the_attempt() {
    long low = enqueue(job().priority(0));
    long high = enqueue(job().priority(10));
    enqueue(job().runAt(Instant.now().plusSeconds(3600)));

    Claimed claimed = store.claimAndStart(role, "node-a", 10, TTL).await();

    assertThat(claimed.cappedByRoleLimit()).isFalse();
    assertThat(claimed.jobs()).extracting(Job::id).containsExactly(high, low);
    assertThat(claimed.jobs())
        .allSatisfy(
            j -> {
              assertThat(j.state()).isEqualTo(JobState.RUNNING);
              assertThat(j.attempts()).isEqualTo(1);
              assertThat(j.leaseOwner()).isEqualTo("node-a");
              assertThat(j.leaseExpiresAt()).isAfter(Instant.now().plusSeconds(5));
            });
    assertThat(store.claimAndStart(role, "node-b", 10, TTL).await().jobs()).isEmpty();
    Job started = claimed.jobs().get(0);
    assertThat(store.complete(List.of(new Completion(started.lease(), null))).await())
        .containsExactly(started.lease());
    // A graceful release gives the attempt back, as for a job started after a dispatch.
    assertThat(store.release(List.of(claimed.jobs().get(1).lease())).await()).isEqualTo(1);
    assertThat(store.find(low).await().orElseThrow().attempts()).isZero();
  }

  @Test
  void claim_and_start_says_when_the_role_limit_ended_the_claim() {
    pool.preparedQuery("INSERT INTO job_role_limits (role, max_concurrent) VALUES ($1, 2)")
        .execute(Tuple.of(role))
        .await();
    store = PgJobStore.create(pool, RETRY); // fresh limit cache
    enqueue(job());

    Claimed few = store.claimAndStart(role, "node-a", 10, TTL).await();
    assertThat(few.jobs()).hasSize(1);
    assertThat(few.cappedByRoleLimit()).as("one place left, but no job due").isFalse();

    enqueue(job());
    enqueue(job());
    Claimed capped = store.claimAndStart(role, "node-a", 10, TTL).await();
    assertThat(capped.jobs()).hasSize(1);
    assertThat(capped.cappedByRoleLimit()).isTrue();
    Claimed none = store.claimAndStart(role, "node-b", 10, TTL).await();
    assertThat(none.jobs()).isEmpty();
    assertThat(none.cappedByRoleLimit()).isTrue();
  }

  @Test
  void a_job_awaiting_approval_resumes_when_approved_and_ends_when_rejected() {
    long approvedId = enqueue(job());
    Job running = startOne("node-a");
    assertThat(store.awaitApproval(running.lease(), new JsonObject().put("step", "deploy")).await())
        .isTrue();
    assertThat(store.find(approvedId).await().orElseThrow().state())
        .isEqualTo(JobState.AWAITING_APPROVAL);
    assertThat(store.decideApproval(approvedId, true, "go").await()).isTrue();
    Job requeued = store.find(approvedId).await().orElseThrow();
    assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
    assertThat(requeued.payload().getJsonObject("approval").getString("feedback")).isEqualTo("go");
    assertThat(requeued.attempts()).isZero();

    long rejectedId = enqueue(job());
    Job other =
        store.claim(role, "node-a", 10, ACK).await().stream()
            .filter(j -> j.id() == rejectedId)
            .findFirst()
            .orElseThrow();
    Job otherRunning = store.start(List.of(other.lease()), TTL).await().get(0);
    store.awaitApproval(otherRunning.lease(), new JsonObject()).await();
    assertThat(store.decideApproval(rejectedId, false, "no").await()).isTrue();
    assertThat(store.find(rejectedId).await().orElseThrow().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void a_rejection_requeues_a_job_whose_request_asked_to_hear_it_with_the_verdict() {
    long id = enqueue(job());
    Job running = startOne("node-a");
    JsonObject request = new JsonObject().put("callId", "c1").put("resumeOnReject", true);
    assertThat(store.awaitApproval(running.lease(), request).await()).isTrue();

    assertThat(store.decideApproval(id, false, "use another file").await()).isTrue();

    Job requeued = store.find(id).await().orElseThrow();
    assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
    assertThat(requeued.finishedAt()).isNull();
    assertThat(requeued.attempts()).isZero();
    JsonObject verdict = requeued.payload().getJsonObject("approval");
    assertThat(verdict.getBoolean("approved")).isFalse();
    assertThat(verdict.getString("feedback")).isEqualTo("use another file");
    assertThat(verdict.getJsonObject("request").getString("callId")).isEqualTo("c1");
    assertThat(store.decideApproval(id, true, "again").await()).isFalse();
  }

  @Test
  void an_operator_can_retry_a_dead_job() {
    long id = enqueue(job().maxAttempts(1));
    store.fail(startOne("node-a").lease(), JobFailure.retryable("X", "y")).await();
    assertThat(store.retryDead(id).await()).isTrue();
    Job job = store.find(id).await().orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.attempts()).isZero();
  }

  private NewJob.Builder job() {
    return NewJob.builder(role, "noop");
  }

  private long enqueue(NewJob.Builder job) {
    return store.enqueue(job.build()).await().jobId();
  }

  private Job startOne(String owner) {
    List<Job> claimed = store.claim(role, owner, 1, ACK).await();
    assertThat(claimed).hasSize(1);
    return store.start(List.of(claimed.get(0).lease()), TTL).await().get(0);
  }

  /** Makes this role's queued jobs due now, so tests need not wait out a backoff. */
  private void forceDue() {
    pool.preparedQuery("UPDATE jobs SET run_at = now() WHERE role = $1 AND state = 'queued'")
        .execute(Tuple.of(role))
        .await();
  }
}
