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
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on a worker node: it claims nothing more, lets running jobs finish within its grace
 * period, and gives the rest back to the queue without burning their attempt.
 */
class GracefulWorkerShutdownTest {

  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void sigterm_drains_running_jobs_and_releases_the_rest_without_burning_attempts()
      throws Exception {
    TestCluster cluster = new TestCluster(2);
    try (QueueProbe queue = new QueueProbe()) {
      Map<String, String> worker =
          Map.of(
              "AGENTRY_WORKER_POOLS",
              queue.role() + "=4",
              "AGENTRY_NODE_SHUTDOWN_GRACE_SECONDS",
              "3");
      try (NodeProcess director =
              NodeProcess.start(
                  "drain-director", cluster.env(0, Map.of()), "--roles", "director", "--cluster");
          NodeProcess node =
              NodeProcess.start(
                  "drain-worker", cluster.env(1, worker), "--roles", "worker", "--cluster")) {
        director.awaitStarted(START);
        node.awaitStarted(START);
        List<Long> quick = queue.enqueueMany(2, "sleep", new JsonObject().put("ms", 1_000));
        List<Long> slow = queue.enqueueMany(2, "sleep", new JsonObject().put("ms", 60_000));
        for (long id : quick) {
          queue.awaitJob(id, Duration.ofSeconds(30), j -> j.state() == JobState.RUNNING);
        }
        for (long id : slow) {
          queue.awaitJob(id, Duration.ofSeconds(30), j -> j.state() == JobState.RUNNING);
        }

        node.terminate();
        long late = queue.enqueue("noop", new JsonObject());
        node.awaitExit(Duration.ofSeconds(20));

        for (Job job : queue.jobs(quick)) {
          assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
          assertThat(job.attempts()).isEqualTo(1);
        }
        for (Job job : queue.jobs(slow)) {
          assertThat(job.state()).isEqualTo(JobState.QUEUED);
          assertThat(job.attempts()).as("a released job keeps its attempt").isZero();
          assertThat(job.leaseOwner()).isNull();
          assertThat(queue.errors(job.id())).isEmpty();
        }
        Job lateJob = queue.job(late);
        assertThat(lateJob.state()).isEqualTo(JobState.QUEUED);
        assertThat(lateJob.attempts()).as("the draining node never started it").isZero();
        assertThat(node.output()).contains("worker draining").contains("worker drained");
      }
    }
  }
}
