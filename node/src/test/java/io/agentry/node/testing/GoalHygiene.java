package io.agentry.node.testing;

import io.agentry.core.goals.GoalPhase;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Objects;

/**
 * Goal jobs (architect, coder, tester, debugger) are claimed by any node on the test database,
 * whoever enqueued them. A test class that runs goals against a scripted model therefore starts
 * from a queue without unfinished goal jobs: otherwise a goal an earlier class left behind (say a
 * dashboard test's goal with no model) would be claimed by this class's node and spend its script.
 * Test classes run one after another, so nothing else is working on the queue meanwhile.
 */
public final class GoalHygiene {

  private static final String CANCEL =
      "UPDATE jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL,"
          + " heartbeat_at = NULL, finished_at = now()"
          + " WHERE role = ANY ($1) AND state IN ('queued', 'leased', 'running', 'awaiting_approval')";

  private GoalHygiene() {}

  /** Cancels every unfinished job of the goal roles; the director then ends their goals. */
  public static void cancelUnfinishedGoalJobs() {
    String[] roles =
        Arrays.stream(GoalPhase.values())
            .map(GoalPhase::role)
            .filter(Objects::nonNull)
            .distinct()
            .toArray(String[]::new);
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = TestDatabase.pool(vertx);
      pool.preparedQuery(CANCEL).execute(Tuple.of(roles)).await();
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
