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
 * SIGKILL of the active director while jobs flow: the standby takes over within the leader lease
 * (sooner, through the member-removed event), no job is lost, and none runs twice.
 */
class DirectorFailoverTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final int LEADER_LEASE_SECONDS = 5;

  @Test
  void the_standby_director_takes_over_and_every_job_runs_exactly_once() throws Exception {
    TestCluster cluster = new TestCluster(3);
    try (QueueProbe queue = new QueueProbe()) {
      Map<String, String> pools = Map.of("AGENTRY_WORKER_POOLS", queue.role() + "=8");
      try (NodeProcess first =
              NodeProcess.start(
                  "failover-director-1",
                  cluster.env(0, Map.of()),
                  "--roles",
                  "director",
                  "--cluster");
          NodeProcess second =
              NodeProcess.start(
                  "failover-director-2",
                  cluster.env(1, Map.of()),
                  "--roles",
                  "director",
                  "--cluster");
          NodeProcess worker =
              NodeProcess.start(
                  "failover-worker", cluster.env(2, pools), "--roles", "worker", "--cluster")) {
        first.awaitStarted(START);
        second.awaitStarted(START);
        worker.awaitStarted(START);
        String leader = awaitLeader(queue, cluster, Duration.ofSeconds(15));
        NodeProcess active = leader.equals(first.nodeId()) ? first : second;
        NodeProcess standby = active == first ? second : first;

        List<Long> ids = queue.enqueueMany(200, "sleep", new JsonObject().put("ms", 40));
        awaitSucceeded(queue, ids, 20, Duration.ofSeconds(30));
        long killedAt = System.nanoTime();
        active.kill();
        String next =
            awaitLeader(
                queue, cluster, Duration.ofSeconds(LEADER_LEASE_SECONDS + 10), standby.nodeId());
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("standby director took over %d ms after SIGKILL%n", takeover.toMillis());

        assertThat(next).isEqualTo(standby.nodeId());
        assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(LEADER_LEASE_SECONDS + 2));
        queue.awaitAll(ids, JobState.SUCCEEDED, Duration.ofSeconds(60));
        assertThat(queue.jobs(ids)).extracting(Job::attempts).containsOnly(1);
      }
    }
  }

  private static String awaitLeader(
      QueueProbe queue, TestCluster cluster, Duration timeout, String... expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String holder = queue.activeDirector(cluster.name());
      if (holder != null && (expected.length == 0 || holder.equals(expected[0]))) {
        return holder;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no director lease within " + timeout);
  }

  private static void awaitSucceeded(QueueProbe queue, List<Long> ids, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (queue.jobs(ids).stream().filter(j -> j.state() == JobState.SUCCEEDED).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + count + " jobs succeeded within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
