package io.agentry.director;

import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.schedule.ScheduleStore;
import io.agentry.core.schedule.ScheduledFire;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;

/**
 * Turns due cron schedules (agents' recurring responsibilities) into jobs. The schedule advances
 * and its job is enqueued in one transaction, keyed by schedule and fire time, so a fire is never
 * lost and never enqueued twice, even if two directors race.
 */
final class SchedulePass {

  private static final int BATCH = 100;

  private final Pool pool;
  private final ScheduleStore schedules;
  private final JobStore jobs;

  SchedulePass(Pool pool, ScheduleStore schedules, JobStore jobs) {
    this.pool = pool;
    this.schedules = schedules;
    this.jobs = jobs;
  }

  /** Returns how many jobs were enqueued. */
  Future<Integer> run(Instant now) {
    return pool.withTransaction(
        tx ->
            schedules
                .claimDue(tx, now, BATCH)
                .compose(
                    fires -> {
                      Future<Void> chain = Future.succeededFuture();
                      for (ScheduledFire fire : fires) {
                        chain = chain.compose(v -> jobs.enqueue(tx, jobFor(fire)).mapEmpty());
                      }
                      return chain.map(v -> fires.size());
                    }));
  }

  static NewJob jobFor(ScheduledFire fire) {
    var schedule = fire.schedule();
    JsonObject payload =
        schedule
            .jobPayload()
            .copy()
            .put("agentId", schedule.agentId().toString())
            .put("scheduleId", schedule.id().toString())
            .put("scheduledFor", fire.fireAt().toString());
    return NewJob.builder(schedule.jobRole(), schedule.jobKind())
        .payload(payload)
        .idempotencyKey(fire.idempotencyKey())
        .build();
  }
}
