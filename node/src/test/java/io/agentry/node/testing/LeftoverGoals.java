package io.agentry.node.testing;

import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The test database is shared by every module's tests, and API tests leave goals running (they test
 * the API, not the loop: their planning jobs stay queued). A node started by a goal test would run
 * them, and they would use up its scripted model's turns. Those tests are over when a node test
 * starts, so their unfinished goal jobs and runs can be cancelled.
 */
public final class LeftoverGoals {

  private static final String JOBS =
      "UPDATE jobs SET state = 'cancelled', finished_at = now(), lease_owner = NULL,"
          + " lease_expires_at = NULL WHERE role IN ('architect', 'coder', 'tester', 'debugger')"
          + " AND state IN ('queued', 'leased', 'running', 'awaiting_approval')";

  private static final String RUNS =
      "UPDATE goal_runs SET state = 'cancelled', finished_at = now(),"
          + " stop_reason = 'left running by an earlier test' WHERE state = 'running'";

  private LeftoverGoals() {}

  /** Blocking; call before starting a node whose workers serve the goal roles. */
  public static void cancel() {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = TestDatabase.pool(vertx);
      pool.query(JOBS).execute().await();
      pool.query(RUNS).execute().await();
    } finally {
      vertx.close().await();
    }
  }
}
