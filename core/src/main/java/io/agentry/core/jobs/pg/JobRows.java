package io.agentry.core.jobs.pg;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobFailure;
import io.agentry.core.jobs.JobState;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Maps {@code jobs} rows to {@link Job}s. */
final class JobRows {

  static final String COLUMNS =
      "id, role, kind, payload, state, priority, run_at, attempts, max_attempts, lease_epoch,"
          + " lease_owner, lease_expires_at, idempotency_key, project_id, task_id, result,"
          + " last_error, cancel_requested, created_at, finished_at";

  /** The same columns qualified with table alias {@code j}, for UPDATE … FROM … RETURNING. */
  static final String J_COLUMNS = "j." + COLUMNS.replace(", ", ", j.");

  private JobRows() {}

  static List<Job> all(RowSet<Row> rows) {
    List<Job> jobs = new ArrayList<>(rows.rowCount());
    for (Row row : rows) {
      jobs.add(job(row));
    }
    return jobs;
  }

  static Job job(Row row) {
    JsonObject lastError = row.getJsonObject("last_error");
    return new Job(
        row.getLong("id"),
        row.getString("role"),
        row.getString("kind"),
        row.getJsonObject("payload"),
        JobState.fromDb(row.getString("state")),
        row.getInteger("priority"),
        instant(row, "run_at"),
        row.getInteger("attempts"),
        row.getInteger("max_attempts"),
        row.getLong("lease_epoch"),
        row.getString("lease_owner"),
        instant(row, "lease_expires_at"),
        row.getString("idempotency_key"),
        row.getUUID("project_id"),
        row.getUUID("task_id"),
        row.getJsonObject("result"),
        lastError == null ? null : JobFailure.fromJson(lastError),
        row.getBoolean("cancel_requested"),
        instant(row, "created_at"),
        instant(row, "finished_at"));
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
