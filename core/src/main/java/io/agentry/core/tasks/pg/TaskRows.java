package io.agentry.core.tasks.pg;

import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskStage;
import io.agentry.core.tasks.TaskStatus;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Mapping between {@code tasks} rows and {@link Task}. */
public final class TaskRows {

  /** The columns every task query selects, qualified by the alias {@code t}. */
  public static final String COLUMNS =
      "t.id, t.tenant_id, t.project_id, t.parent_task_id, t.goal, t.description, t.status,"
          + " t.stage, t.stage_progress, t.current_step, t.plan, t.priority, t.complexity,"
          + " t.assigned_agent_id, t.acceptance_criteria, t.result, t.error, t.created_at,"
          + " t.updated_at, t.completed_at";

  private TaskRows() {}

  public static Task toTask(Row row) {
    return new Task(
        row.getUUID("id"),
        row.getUUID("tenant_id"),
        row.getUUID("project_id"),
        row.getUUID("parent_task_id"),
        row.getString("goal"),
        row.getString("description"),
        TaskStatus.fromDb(row.getString("status")),
        TaskStage.fromDb(row.getString("stage")),
        row.getInteger("stage_progress"),
        row.getString("current_step"),
        row.getJsonObject("plan"),
        row.getInteger("priority"),
        row.getInteger("complexity"),
        row.getUUID("assigned_agent_id"),
        row.getJsonArray("acceptance_criteria"),
        row.getJsonObject("result"),
        row.getString("error"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")),
        instant(row.getOffsetDateTime("completed_at")));
  }

  /** The single row of a statement that affects or reads exactly one task. */
  static Task toTaskOfOnlyRow(RowSet<Row> rows) {
    return toTask(rows.iterator().next());
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
