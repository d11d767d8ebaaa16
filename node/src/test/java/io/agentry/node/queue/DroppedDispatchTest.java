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
 * The event bus is only a fast path: with every dispatch message dropped (fault injection on the
 * director's node), every job still finishes through the database, and no attempt is burned by a
 * lost message.
 */
class DroppedDispatchTest {

  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void every_job_finishes_when_every_dispatch_message_is_dropped() throws Exception {
    TestCluster cluster = new TestCluster(2);
    try (QueueProbe queue = new QueueProbe()) {
      Map<String, String> faults =
          Map.of(
              "AGENTRY_QUEUE_DROP_DISPATCH_MESSAGES", "true",
              "AGENTRY_QUEUE_POLL_INTERVAL_MS", "500",
              "AGENTRY_WORKER_POOLS", queue.role() + "=4");
      try (NodeProcess director =
              NodeProcess.start(
                  "drop-director", cluster.env(0, faults), "--roles", "director", "--cluster");
          NodeProcess worker =
              NodeProcess.start(
                  "drop-worker", cluster.env(1, faults), "--roles", "worker", "--cluster")) {
        director.awaitStarted(START);
        worker.awaitStarted(START);

        List<Long> ids = queue.enqueueMany(20, "noop", new JsonObject());

        queue.awaitAll(ids, JobState.SUCCEEDED, Duration.ofSeconds(60));
        assertThat(queue.jobs(ids)).extracting(Job::attempts).containsOnly(1);
        assertThat(director.output()).contains("dropped");
      }
    }
  }
}
