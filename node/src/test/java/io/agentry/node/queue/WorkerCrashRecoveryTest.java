package io.agentry.node.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobState;
import io.agentry.node.testing.NodeProcess;
import io.agentry.node.testing.QueueProbe;
import io.agentry.node.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A worker node SIGKILLed in the middle of a job: the job runs again on the other worker within
 * lease TTL + reaper interval (the defaults, 10 s + 1 s, bound it well under 15 s; the cluster's
 * member-removed event makes it faster), with exactly one extra attempt, and nothing is lost.
 */
class WorkerCrashRecoveryTest {

  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void a_job_of_a_killed_worker_runs_again_elsewhere_with_one_extra_attempt() throws Exception {
    TestCluster cluster = new TestCluster(3);
    try (QueueProbe queue = new QueueProbe()) {
      Map<String, String> pools = Map.of("AGENTRY_WORKER_POOLS", queue.role() + "=2");
      try (NodeProcess director =
              NodeProcess.start(
                  "crash-director", cluster.env(0, Map.of()), "--roles", "director", "--cluster");
          NodeProcess workerA =
              NodeProcess.start(
                  "crash-worker-a", cluster.env(1, pools), "--roles", "worker", "--cluster");
          NodeProcess workerB =
              NodeProcess.start(
                  "crash-worker-b", cluster.env(2, pools), "--roles", "worker", "--cluster")) {
        director.awaitStarted(START);
        workerA.awaitStarted(START);
        workerB.awaitStarted(START);

        long slow = queue.enqueue("sleep", new JsonObject().put("ms", 3_000));
        Job first =
            queue.awaitJob(slow, Duration.ofSeconds(30), j -> j.state() == JobState.RUNNING);
        NodeProcess victim = first.leaseOwner().equals(workerA.nodeId()) ? workerA : workerB;
        NodeProcess survivor = victim == workerA ? workerB : workerA;
        List<Long> others = queue.enqueueMany(10, "noop", new JsonObject());
        Thread.sleep(500);

        long killedAt = System.nanoTime();
        victim.kill();
        Job again =
            queue.awaitJob(
                slow,
                Duration.ofSeconds(15),
                j -> j.state() == JobState.RUNNING && j.leaseOwner().equals(survivor.nodeId()));
        Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf(
            "job of the SIGKILLed worker running again elsewhere after %d ms%n",
            recovery.toMillis());

        assertThat(recovery).isLessThanOrEqualTo(Duration.ofSeconds(15));
        assertThat(again.attempts()).isEqualTo(2);
        Job done = queue.awaitJob(slow, Duration.ofSeconds(20), j -> j.state().isTerminal());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(queue.errors(slow))
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.attempt()).isEqualTo(1);
                  assertThat(e.failure().type()).isEqualTo("LeaseExpired");
                });
        queue.awaitAll(others, JobState.SUCCEEDED, Duration.ofSeconds(30));
        assertThat(Set.copyOf(queue.jobs(others).stream().map(Job::state).toList()))
            .containsOnly(JobState.SUCCEEDED);
      }
    }
  }
}
