package io.agentry.core.goals.pg;

import io.agentry.core.goals.GoalPhase;
import io.agentry.core.goals.GoalPolicy;
import io.agentry.core.goals.GoalRun;
import io.agentry.core.goals.GoalState;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Mapping between {@code goal_runs} rows and {@link GoalRun}. */
public final class GoalRows {

  public static final String COLUMNS =
      "g.task_id, g.tenant_id, g.project_id, g.state, g.phase, g.iteration, g.step,"
          + " g.current_job_id, g.plan_cursor, g.debug_rounds, g.replans, g.policy, g.facts,"
          + " g.stop_reason, g.deadline, g.started_at, g.updated_at, g.finished_at";

  private GoalRows() {}

  public static GoalRun toRun(Row row) {
    return new GoalRun(
        row.getUUID("task_id"),
        row.getUUID("tenant_id"),
        row.getUUID("project_id"),
        GoalState.fromDb(row.getString("state")),
        GoalPhase.fromDb(row.getString("phase")),
        row.getInteger("iteration"),
        row.getInteger("step"),
        row.getLong("current_job_id"),
        row.getInteger("plan_cursor"),
        row.getInteger("debug_rounds"),
        row.getInteger("replans"),
        GoalPolicy.fromJson(row.getJsonObject("policy")),
        row.getJsonObject("facts"),
        row.getString("stop_reason"),
        instant(row.getOffsetDateTime("deadline")),
        instant(row.getOffsetDateTime("started_at")),
        instant(row.getOffsetDateTime("updated_at")),
        instant(row.getOffsetDateTime("finished_at")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
