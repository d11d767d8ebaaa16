package io.agentry.core.schedule.pg;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.schedule.CronExpression;
import io.agentry.core.schedule.NewSchedule;
import io.agentry.core.schedule.Schedule;
import io.agentry.core.schedule.ScheduleStore;
import io.agentry.core.schedule.ScheduledFire;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ScheduleStore} on PostgreSQL. */
public final class PgScheduleStore implements ScheduleStore {

  private static final Logger LOG = LoggerFactory.getLogger(PgScheduleStore.class);

  private static final String COLUMNS =
      "s.id, s.agent_id, s.cron, s.timezone, s.job_role, s.job_kind, s.job_payload, s.enabled,"
          + " s.next_run_at, s.last_run_at, s.created_at, s.updated_at";

  /** Only live agents get schedules; no agent row, no schedule. */
  private static final String INSERT =
      "INSERT INTO agent_schedules AS s (id, agent_id, cron, timezone, job_role, job_kind,"
          + " job_payload, next_run_at)"
          + " SELECT $1, a.id, $3, $4, $5, $6, $7, $8 FROM agents a"
          + " WHERE a.id = $2 AND a.deleted_at IS NULL RETURNING "
          + COLUMNS;

  private static final String SELECT =
      "SELECT " + COLUMNS + " FROM agent_schedules s WHERE s.id = $1";

  private static final String LIST =
      "SELECT " + COLUMNS + " FROM agent_schedules s WHERE s.agent_id = $1 ORDER BY s.created_at";

  private static final String SET_ENABLED =
      "UPDATE agent_schedules AS s SET enabled = $2, next_run_at = COALESCE($3, s.next_run_at),"
          + " updated_at = now() WHERE s.id = $1 RETURNING "
          + COLUMNS;

  private static final String DELETE = "DELETE FROM agent_schedules WHERE id = $1";

  /** Rows another director holds are skipped, not waited for: it is firing them. */
  private static final String DUE =
      "SELECT "
          + COLUMNS
          + ", a.status = 'running' AS agent_running"
          + " FROM agent_schedules s JOIN agents a ON a.id = s.agent_id"
          + " WHERE s.enabled AND s.next_run_at <= $1"
          + " ORDER BY s.next_run_at, s.id LIMIT $2"
          + " FOR UPDATE OF s SKIP LOCKED";

  private static final String ADVANCE =
      "UPDATE agent_schedules AS s SET next_run_at = u.next_run_at, last_run_at = u.last_run_at,"
          + " enabled = u.enabled, updated_at = now()"
          + " FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::boolean[])"
          + " AS u (id, next_run_at, last_run_at, enabled)"
          + " WHERE s.id = u.id RETURNING "
          + COLUMNS;

  private final Pool pool;

  private PgScheduleStore(Pool pool) {
    this.pool = pool;
  }

  public static PgScheduleStore create(Pool pool) {
    return new PgScheduleStore(Objects.requireNonNull(pool, "pool"));
  }

  @Override
  public Future<Schedule> create(NewSchedule n, Instant now) {
    Instant first = n.cron().next(now.atZone(n.timezone())).toInstant();
    Tuple params =
        Tuple.tuple()
            .addUUID(UUID.randomUUID())
            .addUUID(n.agentId())
            .addString(n.cron().toString())
            .addString(n.timezone().getId())
            .addString(n.jobRole())
            .addString(n.jobKind())
            .addJsonObject(n.jobPayload())
            .addOffsetDateTime(utc(first));
    return pool.preparedQuery(INSERT)
        .execute(params)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new AgentryException(
                    ErrorCode.NOT_FOUND, "agentId: agent " + n.agentId() + " does not exist");
              }
              return toSchedule(rows.iterator().next());
            });
  }

  @Override
  public Future<Schedule> get(UUID scheduleId) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(scheduleId))
        .map(rows -> only(rows, scheduleId));
  }

  @Override
  public Future<List<Schedule>> listForAgent(UUID agentId) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(agentId))
        .map(
            rows -> {
              List<Schedule> schedules = new ArrayList<>(rows.size());
              rows.forEach(row -> schedules.add(toSchedule(row)));
              return schedules;
            });
  }

  @Override
  public Future<Schedule> setEnabled(UUID scheduleId, boolean enabled, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(SELECT + " FOR UPDATE")
                .execute(Tuple.of(scheduleId))
                .map(rows -> only(rows, scheduleId))
                .compose(
                    current -> {
                      OffsetDateTime next =
                          enabled
                              ? utc(
                                  nextAfter(
                                      CronExpression.parse(current.cron()),
                                      current.timezone(),
                                      now))
                              : null;
                      return tx.preparedQuery(SET_ENABLED)
                          .execute(
                              Tuple.tuple()
                                  .addUUID(scheduleId)
                                  .addBoolean(enabled)
                                  .addOffsetDateTime(next))
                          .map(rows -> only(rows, scheduleId));
                    }));
  }

  @Override
  public Future<Void> delete(UUID scheduleId) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(scheduleId))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                throw notFound(scheduleId);
              }
              return null;
            });
  }

  @Override
  public Future<List<ScheduledFire>> claimDue(Instant now, int limit) {
    return pool.withTransaction(tx -> claimDue(tx, now, limit));
  }

  @Override
  public Future<List<ScheduledFire>> claimDue(SqlConnection tx, Instant now, int limit) {
    if (limit < 1 || limit > MAX_CLAIM) {
      return Future.failedFuture(
          new AgentryException(
              ErrorCode.BAD_USER_INPUT,
              "limit must be between 1 and " + MAX_CLAIM + " (was " + limit + ")"));
    }
    return tx.preparedQuery(DUE)
        .execute(Tuple.of(utc(now), limit))
        .compose(
            rows -> rows.size() == 0 ? Future.succeededFuture(List.of()) : advance(tx, rows, now));
  }

  /** Moves every claimed schedule past {@code now} and hands out the fires of running agents. */
  private static Future<List<ScheduledFire>> advance(
      SqlConnection tx, RowSet<Row> due, Instant now) {
    int n = due.size();
    UUID[] ids = new UUID[n];
    OffsetDateTime[] nextRuns = new OffsetDateTime[n];
    OffsetDateTime[] lastRuns = new OffsetDateTime[n];
    Boolean[] enabled = new Boolean[n];
    Map<UUID, Instant> fireAt = new HashMap<>();
    int i = 0;
    for (Row row : due) {
      Schedule s = toSchedule(row);
      ids[i] = s.id();
      Instant next = nextRunOrNull(s, now);
      // A schedule whose stored cron no longer parses is switched off rather than retried forever.
      enabled[i] = next != null;
      nextRuns[i] = utc(next != null ? next : s.nextRunAt());
      boolean fires = next != null && row.getBoolean("agent_running");
      lastRuns[i] = utc(fires ? s.nextRunAt() : s.lastRunAt());
      if (fires) {
        fireAt.put(s.id(), s.nextRunAt());
      }
      i++;
    }
    Tuple params =
        Tuple.tuple()
            .addArrayOfUUID(ids)
            .addArrayOfOffsetDateTime(nextRuns)
            .addArrayOfOffsetDateTime(lastRuns)
            .addArrayOfBoolean(enabled);
    return tx.preparedQuery(ADVANCE)
        .execute(params)
        .map(
            rows -> {
              List<ScheduledFire> fires = new ArrayList<>();
              for (Row row : rows) {
                Schedule s = toSchedule(row);
                Instant at = fireAt.get(s.id());
                if (at != null) {
                  fires.add(new ScheduledFire(s, at, ScheduledFire.keyFor(s, at)));
                }
              }
              fires.sort(Comparator.comparing(ScheduledFire::fireAt));
              return fires;
            });
  }

  private static Instant nextRunOrNull(Schedule s, Instant now) {
    try {
      return nextAfter(CronExpression.parse(s.cron()), s.timezone(), now);
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.warn("Disabling schedule {}: {}", s.id(), e.getMessage());
      return null;
    }
  }

  private static Instant nextAfter(CronExpression cron, ZoneId zone, Instant now) {
    return cron.next(now.atZone(zone)).toInstant();
  }

  private static Schedule only(RowSet<Row> rows, UUID scheduleId) {
    if (rows.size() == 0) {
      throw notFound(scheduleId);
    }
    return toSchedule(rows.iterator().next());
  }

  private static AgentryException notFound(UUID scheduleId) {
    return new AgentryException(ErrorCode.NOT_FOUND, "schedule " + scheduleId + " does not exist");
  }

  private static Schedule toSchedule(Row row) {
    return new Schedule(
        row.getUUID("id"),
        row.getUUID("agent_id"),
        row.getString("cron"),
        zone(row.getString("timezone")),
        row.getString("job_role"),
        row.getString("job_kind"),
        row.getJsonObject("job_payload"),
        row.getBoolean("enabled"),
        instant(row.getOffsetDateTime("next_run_at")),
        instant(row.getOffsetDateTime("last_run_at")),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }

  /** A zone id the JDK no longer knows is read as UTC rather than failing every claim. */
  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      LOG.warn("Unknown time zone '{}' in agent_schedules, using UTC", id);
      return ZoneOffset.UTC;
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
