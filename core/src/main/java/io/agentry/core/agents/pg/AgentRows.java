package io.agentry.core.agents.pg;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentConfig;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentStatus;
import io.agentry.core.agents.ComplexityRange;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Mapping between {@code agents} rows and {@link Agent}. */
public final class AgentRows {

  /** The columns every agent query selects, qualified by the alias {@code a}. */
  public static final String COLUMNS =
      "a.id, a.tenant_id, a.project_id, a.name, a.description, a.roles, a.goal, a.status,"
          + " a.config, a.min_complexity, a.max_complexity, a.owner, a.restart_count,"
          + " a.recent_crashes, a.created_at, a.updated_at, a.deleted_at";

  private AgentRows() {}

  public static Agent toAgent(Row row) {
    Set<AgentRole> roles = EnumSet.noneOf(AgentRole.class);
    for (String role : row.getArrayOfStrings("roles")) {
      roles.add(AgentRole.parse(role));
    }
    List<Instant> crashes =
        Arrays.stream(row.getArrayOfOffsetDateTimes("recent_crashes"))
            .map(OffsetDateTime::toInstant)
            .sorted()
            .toList();
    return new Agent(
        row.getUUID("id"),
        row.getUUID("tenant_id"),
        row.getUUID("project_id"),
        row.getString("name"),
        row.getString("description"),
        roles,
        row.getString("goal"),
        AgentStatus.fromDb(row.getString("status")),
        AgentConfig.fromJson(row.getJsonObject("config")),
        new ComplexityRange(row.getInteger("min_complexity"), row.getInteger("max_complexity")),
        row.getString("owner"),
        row.getInteger("restart_count"),
        crashes,
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")),
        instant(row.getOffsetDateTime("deleted_at")));
  }

  /** The single row of a statement that affects or reads exactly one agent. */
  static Agent toAgentOfOnlyRow(RowSet<Row> rows) {
    return toAgent(rows.iterator().next());
  }

  static String[] roles(Set<AgentRole> roles) {
    return roles.stream().sorted().map(AgentRole::db).toArray(String[]::new);
  }

  static OffsetDateTime[] timestamps(List<Instant> instants) {
    return instants.stream().map(AgentRows::utc).toArray(OffsetDateTime[]::new);
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
