package io.agentry.core.schedule;

import java.time.Instant;

/**
 * One fire of a schedule handed to a director: enqueue the schedule's job with {@code
 * idempotencyKey} so that the job exists once, however often this fire is handed out.
 *
 * @param schedule the schedule after the claim (its {@code nextRunAt} already advanced)
 * @param fireAt the fire time that was due (the earliest one missed, if several were)
 * @param idempotencyKey {@code schedule:<scheduleId>:<fireAt epoch seconds>}
 */
public record ScheduledFire(Schedule schedule, Instant fireAt, String idempotencyKey) {

  public static String keyFor(Schedule schedule, Instant fireAt) {
    return "schedule:" + schedule.id() + ":" + fireAt.getEpochSecond();
  }
}
