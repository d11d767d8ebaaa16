package io.agentry.core.jobs.pg;

import static io.agentry.core.jobs.pg.JobRows.Column.ATTEMPTS;
import static io.agentry.core.jobs.pg.JobRows.Column.CANCEL_REQUESTED;
import static io.agentry.core.jobs.pg.JobRows.Column.CREATED_AT;
import static io.agentry.core.jobs.pg.JobRows.Column.FINISHED_AT;
import static io.agentry.core.jobs.pg.JobRows.Column.ID;
import static io.agentry.core.jobs.pg.JobRows.Column.IDEMPOTENCY_KEY;
import static io.agentry.core.jobs.pg.JobRows.Column.KIND;
import static io.agentry.core.jobs.pg.JobRows.Column.LAST_ERROR;
import static io.agentry.core.jobs.pg.JobRows.Column.LEASE_EPOCH;
import static io.agentry.core.jobs.pg.JobRows.Column.LEASE_EXPIRES_AT;
import static io.agentry.core.jobs.pg.JobRows.Column.LEASE_OWNER;
import static io.agentry.core.jobs.pg.JobRows.Column.MAX_ATTEMPTS;
import static io.agentry.core.jobs.pg.JobRows.Column.PAYLOAD;
import static io.agentry.core.jobs.pg.JobRows.Column.PRIORITY;
import static io.agentry.core.jobs.pg.JobRows.Column.PROJECT_ID;
import static io.agentry.core.jobs.pg.JobRows.Column.RESULT;
import static io.agentry.core.jobs.pg.JobRows.Column.ROLE;
import static io.agentry.core.jobs.pg.JobRows.Column.RUN_AT;
import static io.agentry.core.jobs.pg.JobRows.Column.STATE;
import static io.agentry.core.jobs.pg.JobRows.Column.TASK_ID;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobFailure;
import io.agentry.core.jobs.JobState;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Maps {@code jobs} rows to {@link Job}s. Columns are read by position: a lookup by name scans the
 * row's column names, which showed in profiles of the queue's hot path.
 */
final class JobRows {

  /** The selected columns, in select order: a column's position is its ordinal. */
  enum Column {
    ID,
    ROLE,
    KIND,
    PAYLOAD,
    STATE,
    PRIORITY,
    RUN_AT,
    ATTEMPTS,
    MAX_ATTEMPTS,
    LEASE_EPOCH,
    LEASE_OWNER,
    LEASE_EXPIRES_AT,
    IDEMPOTENCY_KEY,
    PROJECT_ID,
    TASK_ID,
    RESULT,
    LAST_ERROR,
    CANCEL_REQUESTED,
    CREATED_AT,
    FINISHED_AT;

    String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String COLUMNS =
      Arrays.stream(Column.values()).map(Column::sqlName).collect(Collectors.joining(", "));

  /** The same columns qualified with table alias {@code j}, for UPDATE … FROM … RETURNING. */
  static final String J_COLUMNS =
      Arrays.stream(Column.values()).map(c -> "j." + c.sqlName()).collect(Collectors.joining(", "));

  private JobRows() {}

  static List<Job> all(RowSet<Row> rows) {
    List<Job> jobs = new ArrayList<>(rows.rowCount());
    for (Row row : rows) {
      jobs.add(job(row));
    }
    return jobs;
  }

  static Job job(Row row) {
    JsonObject lastError = row.getJsonObject(LAST_ERROR.ordinal());
    return new Job(
        row.getLong(ID.ordinal()),
        row.getString(ROLE.ordinal()),
        row.getString(KIND.ordinal()),
        row.getJsonObject(PAYLOAD.ordinal()),
        JobState.fromDb(row.getString(STATE.ordinal())),
        row.getInteger(PRIORITY.ordinal()),
        instant(row, RUN_AT),
        row.getInteger(ATTEMPTS.ordinal()),
        row.getInteger(MAX_ATTEMPTS.ordinal()),
        row.getLong(LEASE_EPOCH.ordinal()),
        row.getString(LEASE_OWNER.ordinal()),
        instant(row, LEASE_EXPIRES_AT),
        row.getString(IDEMPOTENCY_KEY.ordinal()),
        row.getUUID(PROJECT_ID.ordinal()),
        row.getUUID(TASK_ID.ordinal()),
        row.getJsonObject(RESULT.ordinal()),
        lastError == null ? null : JobFailure.fromJson(lastError),
        row.getBoolean(CANCEL_REQUESTED.ordinal()),
        instant(row, CREATED_AT),
        instant(row, FINISHED_AT));
  }

  private static Instant instant(Row row, Column column) {
    OffsetDateTime value = row.getOffsetDateTime(column.ordinal());
    return value == null ? null : value.toInstant();
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
