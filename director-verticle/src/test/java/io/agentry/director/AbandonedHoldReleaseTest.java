package io.agentry.director;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.cluster.ClusterView;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ModelTarget;
import io.agentry.core.llm.usage.BudgetScope;
import io.agentry.core.llm.usage.Reservation;
import io.agentry.core.llm.usage.UsageStore;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.testing.TestConfig;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running, active director gives budgets back what crashed callers still hold, and leaves the
 * holds of calls that may still be running alone.
 */
class AbandonedHoldReleaseTest {

  private static final long RELEASE_INTERVAL_MS = 100;

  private Vertx vertx;
  private NodeServices node;
  private UsageStore usage;

  @BeforeEach
  void start() {
    var config =
        TestConfig.load(
            Map.of(
                // A cluster of its own: no other director in the test database competes for lead.
                "AGENTRY_CLUSTER_NAME",
                TestDatabase.uniqueName("holds"),
                "AGENTRY_QUEUE_LEADER_RENEW_MS",
                "100",
                "AGENTRY_MODELS_ABANDONED_RELEASE_INTERVAL_MS",
                Long.toString(RELEASE_INTERVAL_MS),
                "AGENTRY_MODELS_ABANDONED_AFTER_SECONDS",
                "3600"));
    TestDatabase.migrate(config);
    vertx = Vertx.vertx();
    var identity =
        new NodeIdentity(
            "director-test-" + UUID.randomUUID(),
            EnumSet.of(NodeRole.DIRECTOR),
            "localhost",
            null,
            Instant.now());
    node =
        NodeServicesFactory.create(
            vertx,
            config,
            identity,
            ClusterView.standalone(identity.id()),
            NodeMetrics.createRegistry());
    usage = UsageStore.create(node.pg());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void an_abandoned_hold_is_released_and_a_recent_one_is_kept() throws Exception {
    UUID crashedTask = UUID.randomUUID();
    UUID runningTask = UUID.randomUUID();
    usage.setBudget(BudgetScope.TASK, crashedTask, 1000L, null).await();
    usage.setBudget(BudgetScope.TASK, runningTask, 1000L, null).await();
    UUID crashedCall = usage.reserve(reservation(crashedTask, 600)).await();
    UUID runningCall = usage.reserve(reservation(runningTask, 600)).await();
    // The crashed caller reserved two hours ago and never came back; the other one just now.
    node.pg()
        .preparedQuery(
            "UPDATE model_calls SET created_at = now() - interval '2 hours' WHERE id = $1")
        .execute(Tuple.of(crashedCall))
        .await();
    assertThat(usage.budget(BudgetScope.TASK, crashedTask).await().reservedTokens())
        .as("nothing releases the hold before a director runs")
        .isEqualTo(600);

    vertx.deployVerticle(new DirectorVerticle(node)).await();

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (usage.budget(BudgetScope.TASK, crashedTask).await().reservedTokens() != 0) {
      assertThat(System.nanoTime()).as("hold released within 15 s").isLessThan(deadline);
      Thread.sleep(RELEASE_INTERVAL_MS);
    }
    assertThat(status(crashedCall)).isEqualTo("released");
    assertThat(usage.budget(BudgetScope.TASK, crashedTask).await().spentTokens()).isZero();
    // The budget is whole again: the full cap can be reserved.
    usage.reserve(reservation(crashedTask, 1000)).await();

    Thread.sleep(5 * RELEASE_INTERVAL_MS);
    assertThat(status(runningCall)).as("younger than abandonedAfterSeconds").isEqualTo("reserved");
    assertThat(usage.budget(BudgetScope.TASK, runningTask).await().reservedTokens()).isEqualTo(600);
  }

  private static Reservation reservation(UUID taskId, long tokens) {
    return new Reservation(
        CallContext.of(null, taskId, "coder", 1),
        ModelTarget.parse("scripted/test-model"),
        tokens,
        BigDecimal.ZERO);
  }

  private String status(UUID callId) {
    return node.pg()
        .preparedQuery("SELECT status FROM model_calls WHERE id = $1")
        .execute(Tuple.of(callId))
        .await()
        .iterator()
        .next()
        .getString("status");
  }
}
