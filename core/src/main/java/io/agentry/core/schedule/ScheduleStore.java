package io.agentry.core.schedule;

import io.agentry.core.schedule.pg.PgScheduleStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Agents' recurring jobs. The store only decides which fires are due; the director enqueues them.
 *
 * <p>Exactly once: {@link #claimDue} locks due schedules with {@code FOR UPDATE SKIP LOCKED} and
 * advances their {@code next_run_at} in the same transaction, so two directors racing never get the
 * same fire. A director that claims and then dies before enqueuing loses the fire unless it claims
 * inside the transaction that enqueues ({@link #claimDue(SqlConnection, Instant, int)}); either way
 * each fire carries an idempotency key, so enqueuing it twice makes one job.
 *
 * <p>Missed fires (no director for an hour) are coalesced into one: the earliest missed time fires,
 * and the next run is computed from now. Schedules of agents that are not running are advanced
 * without firing.
 */
public interface ScheduleStore {

  /** Most fires one claim hands out. */
  int MAX_CLAIM = 1000;

  static ScheduleStore create(Pool pool) {
    return PgScheduleStore.create(pool);
  }

  /**
   * Creates an enabled schedule whose first fire is the first cron time after {@code now}. {@code
   * NOT_FOUND} if the agent does not exist or is deleted.
   */
  Future<Schedule> create(NewSchedule schedule, Instant now);

  /** {@code NOT_FOUND} if missing. */
  Future<Schedule> get(UUID scheduleId);

  /** An agent's schedules, oldest first. */
  Future<List<Schedule>> listForAgent(UUID agentId);

  /**
   * Enables or disables a schedule. Enabling computes the next fire from {@code now}, so a schedule
   * that was off for a while does not fire for the time it was off.
   */
  Future<Schedule> setEnabled(UUID scheduleId, boolean enabled, Instant now);

  /** Deletes a schedule; {@code NOT_FOUND} if missing. */
  Future<Void> delete(UUID scheduleId);

  /** Claims up to {@code limit} due fires in a transaction of its own (see the class comment). */
  Future<List<ScheduledFire>> claimDue(Instant now, int limit);

  /**
   * Claims due fires inside the caller's transaction: enqueue the jobs in the same transaction and
   * a crash between claim and enqueue loses nothing.
   */
  Future<List<ScheduledFire>> claimDue(SqlConnection tx, Instant now, int limit);
}
