package io.agentry.core.agents.pg;

import static io.agentry.core.agents.pg.AgentRows.COLUMNS;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentAction;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.AgentStatus;
import io.agentry.core.agents.AgentUpdate;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.agents.NewAgent;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** {@link AgentService} on PostgreSQL; each change is one transaction with its ledger event. */
public final class PgAgentService implements AgentService {

  private static final String INSERT =
      "INSERT INTO agents AS a (id, tenant_id, project_id, name, description, roles, goal, config,"
          + " min_complexity, max_complexity, owner)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING "
          + COLUMNS;

  private static final String SELECT = "SELECT " + COLUMNS + " FROM agents a WHERE a.id = $1";

  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM agents a WHERE a.tenant_id = $1 AND a.deleted_at IS NULL"
          + " ORDER BY a.created_at, a.id";

  private static final String UPDATE_DEFINITION =
      "UPDATE agents AS a SET name = $2, description = $3, roles = $4, goal = $5, config = $6,"
          + " min_complexity = $7, max_complexity = $8, owner = $9, updated_at = now()"
          + " WHERE a.id = $1 RETURNING "
          + COLUMNS;

  private static final String UPDATE_STATUS =
      "UPDATE agents AS a SET status = $2, restart_count = $3, recent_crashes = $4,"
          + " updated_at = now(),"
          + " deleted_at = CASE WHEN $2 = 'deleted' THEN now() ELSE NULL END"
          + " WHERE a.id = $1 RETURNING "
          + COLUMNS;

  /** Load = assigned tasks not finished; the scalar subquery keeps FOR SHARE legal. */
  private static final String AVAILABLE =
      "SELECT "
          + COLUMNS
          + " FROM agents a"
          + " WHERE a.tenant_id = $1 AND a.status = 'running' AND $2 = ANY (a.roles)"
          + " AND a.min_complexity <= $3 AND a.max_complexity >= $3"
          + " ORDER BY (SELECT count(*) FROM tasks t WHERE t.assigned_agent_id = a.id"
          + "   AND t.status NOT IN ('completed', 'failed', 'cancelled')), a.created_at, a.id"
          + " LIMIT 1";

  private final Pool pool;
  private final LedgerStore ledger;
  private final FlapPolicy flapPolicy;

  private PgAgentService(Pool pool, LedgerStore ledger, FlapPolicy flapPolicy) {
    this.pool = pool;
    this.ledger = ledger;
    this.flapPolicy = flapPolicy;
  }

  public static PgAgentService create(Pool pool, LedgerStore ledger, FlapPolicy flapPolicy) {
    return new PgAgentService(
        Objects.requireNonNull(pool, "pool"),
        Objects.requireNonNull(ledger, "ledger"),
        Objects.requireNonNull(flapPolicy, "flapPolicy"));
  }

  @Override
  public Future<Agent> create(NewAgent n) {
    Tuple params =
        Tuple.tuple()
            .addUUID(UUID.randomUUID())
            .addUUID(n.tenantId())
            .addUUID(n.projectId())
            .addString(n.name())
            .addString(n.description())
            .addArrayOfString(AgentRows.roles(n.roles()))
            .addString(n.goal())
            .addJsonObject(n.config().toJson())
            .addInteger(n.complexity().min())
            .addInteger(n.complexity().max())
            .addString(n.owner());
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(INSERT)
                    .execute(params)
                    .map(AgentRows::toAgentOfOnlyRow)
                    .compose(
                        agent ->
                            record(
                                    tx,
                                    agent,
                                    "AgentCreated",
                                    Source.USER,
                                    null,
                                    new JsonObject()
                                        .put("name", agent.name())
                                        .put(
                                            "roles",
                                            new JsonArray(List.of(AgentRows.roles(agent.roles()))))
                                        .put("to", agent.status().db()))
                                .map(seq -> agent)))
        .recover(e -> Future.failedFuture(translate(e, n)));
  }

  @Override
  public Future<Agent> get(UUID agentId) {
    return read(pool, SELECT, agentId);
  }

  @Override
  public Future<List<Agent>> list(UUID tenantId) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(tenantId))
        .map(
            rows -> {
              List<Agent> agents = new ArrayList<>(rows.size());
              rows.forEach(row -> agents.add(AgentRows.toAgent(row)));
              return agents;
            });
  }

  @Override
  public Future<Agent> update(UUID agentId, AgentUpdate update) {
    return pool.withTransaction(
            tx ->
                read(tx, SELECT + " FOR UPDATE", agentId)
                    .compose(
                        current -> {
                          if (current.status() == AgentStatus.DELETED) {
                            throw new AgentryException(
                                ErrorCode.ILLEGAL_STATE, "cannot update a deleted agent");
                          }
                          Agent next = update.applyTo(current);
                          Tuple params =
                              Tuple.tuple()
                                  .addUUID(agentId)
                                  .addString(next.name())
                                  .addString(next.description())
                                  .addArrayOfString(AgentRows.roles(next.roles()))
                                  .addString(next.goal())
                                  .addJsonObject(next.config().toJson())
                                  .addInteger(next.complexity().min())
                                  .addInteger(next.complexity().max())
                                  .addString(next.owner());
                          return tx.preparedQuery(UPDATE_DEFINITION)
                              .execute(params)
                              .map(AgentRows::toAgentOfOnlyRow);
                        })
                    .compose(
                        agent ->
                            record(
                                    tx,
                                    agent,
                                    "AgentUpdated",
                                    Source.USER,
                                    null,
                                    new JsonObject().put("fields", new JsonArray(update.fields())))
                                .map(seq -> agent)))
        .recover(e -> Future.failedFuture(translate(e, null)));
  }

  @Override
  public Future<Agent> delete(UUID agentId) {
    return act(agentId, AgentAction.DELETE);
  }

  @Override
  public Future<Agent> start(UUID agentId) {
    return act(agentId, AgentAction.START);
  }

  @Override
  public Future<Agent> stop(UUID agentId) {
    return act(agentId, AgentAction.STOP);
  }

  @Override
  public Future<Agent> pause(UUID agentId) {
    return act(agentId, AgentAction.PAUSE);
  }

  @Override
  public Future<Agent> resume(UUID agentId) {
    return act(agentId, AgentAction.RESUME);
  }

  /** A lifecycle step made on a person's behalf. */
  private Future<Agent> act(UUID agentId, AgentAction action) {
    return pool.withTransaction(
        tx ->
            read(tx, SELECT + " FOR UPDATE", agentId)
                .compose(
                    agent -> {
                      AgentStatus to = action.apply(agent.status());
                      // A manual start is a fresh start: earlier crashes no longer count.
                      List<Instant> crashes =
                          action == AgentAction.START ? List.of() : agent.recentCrashes();
                      return setStatus(tx, agent, to, agent.restartCount(), crashes)
                          .compose(
                              updated ->
                                  record(
                                          tx,
                                          updated,
                                          action.eventType(),
                                          Source.USER,
                                          null,
                                          transition(agent.status(), to))
                                      .map(seq -> updated));
                    }));
  }

  @Override
  public Future<Agent> recordCrash(UUID agentId, Instant now) {
    Objects.requireNonNull(now, "now");
    return pool.withTransaction(
        tx ->
            read(tx, SELECT + " FOR UPDATE", agentId)
                .compose(agent -> handleCrash(tx, agent, now)));
  }

  private Future<Agent> handleCrash(SqlConnection tx, Agent agent, Instant now) {
    AgentAction.CRASH.apply(agent.status());
    List<Instant> crashes = new ArrayList<>();
    for (Instant at : agent.recentCrashes()) {
      if (flapPolicy.counts(at, now)) {
        crashes.add(at);
      }
    }
    crashes.add(now);
    crashes.sort(null);
    boolean flapping = crashes.size() >= flapPolicy.maxCrashes();
    AgentAction reaction = flapping ? AgentAction.DISABLE_FLAPPING : AgentAction.RESTART;
    AgentStatus to = reaction.apply(AgentAction.CRASH.target());
    int restarts = flapping ? agent.restartCount() : agent.restartCount() + 1;
    JsonObject crash =
        transition(agent.status(), AgentStatus.CRASHED)
            .put("at", now.toString())
            .put("crashesInWindow", crashes.size())
            .put("windowSeconds", flapPolicy.window().toSeconds());
    return record(tx, agent, AgentAction.CRASH.eventType(), Source.SYSTEM, null, crash)
        .compose(
            crashSeq ->
                setStatus(tx, agent, to, restarts, crashes)
                    .compose(
                        updated ->
                            record(
                                    tx,
                                    updated,
                                    reaction.eventType(),
                                    Source.SYSTEM,
                                    crashSeq,
                                    transition(AgentStatus.CRASHED, to)
                                        .put("restartCount", restarts))
                                .map(seq -> updated)));
  }

  @Override
  public Future<Optional<Agent>> findAvailableFor(UUID tenantId, AgentRole role, int complexity) {
    return available(pool, AVAILABLE, tenantId, role, complexity);
  }

  @Override
  public Future<Optional<Agent>> findAvailableFor(
      SqlConnection tx, UUID tenantId, AgentRole role, int complexity) {
    return available(tx, AVAILABLE + " FOR SHARE OF a", tenantId, role, complexity);
  }

  @Override
  public Future<Agent> lockShared(SqlConnection tx, UUID agentId) {
    return read(tx, SELECT + " FOR SHARE", agentId);
  }

  private static Future<Optional<Agent>> available(
      SqlClient client, String sql, UUID tenantId, AgentRole role, int complexity) {
    return client
        .preparedQuery(sql)
        .execute(Tuple.of(tenantId, role.db(), complexity))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(AgentRows.toAgentOfOnlyRow(rows)));
  }

  private static Future<Agent> read(SqlClient client, String sql, UUID agentId) {
    return client
        .preparedQuery(sql)
        .execute(Tuple.of(agentId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new AgentryException(
                    ErrorCode.NOT_FOUND, "agent " + agentId + " does not exist");
              }
              return AgentRows.toAgentOfOnlyRow(rows);
            });
  }

  private static Future<Agent> setStatus(
      SqlConnection tx, Agent agent, AgentStatus to, int restartCount, List<Instant> crashes) {
    Tuple params =
        Tuple.tuple()
            .addUUID(agent.id())
            .addString(to.db())
            .addInteger(restartCount)
            .addArrayOfOffsetDateTime(AgentRows.timestamps(crashes));
    return tx.preparedQuery(UPDATE_STATUS).execute(params).map(AgentRows::toAgentOfOnlyRow);
  }

  /** Appends to the agent's project ledger; tenant-wide agents have none (seq {@code null}). */
  private Future<Long> record(
      SqlConnection tx, Agent agent, String type, Source source, Long cause, JsonObject payload) {
    if (agent.projectId() == null) {
      return Future.succeededFuture(null);
    }
    JsonObject body = new JsonObject().put("agentId", agent.id().toString()).mergeIn(payload);
    return ledger.append(tx, agent.projectId(), source, cause, type, body).map(LedgerEvent::seq);
  }

  private static JsonObject transition(AgentStatus from, AgentStatus to) {
    return new JsonObject().put("from", from.db()).put("to", to.db());
  }

  private static Throwable translate(Throwable e, NewAgent n) {
    if (!(e instanceof PgException pg)) {
      return e;
    }
    String constraint = String.valueOf(pg.getConstraint());
    return switch (pg.getSqlState()) {
      case "23505" ->
          new AgentryException(
              ErrorCode.BAD_USER_INPUT, "name is already used by another agent of this tenant", e);
      case "23503" ->
          constraint.contains("project")
              ? new AgentryException(
                  ErrorCode.NOT_FOUND,
                  "projectId: project "
                      + (n == null ? "" : n.projectId())
                      + " does not exist in tenant "
                      + (n == null ? "" : n.tenantId()),
                  e)
              : new AgentryException(
                  ErrorCode.NOT_FOUND,
                  "tenantId: tenant " + (n == null ? "" : n.tenantId()) + " does not exist",
                  e);
      case "23514" ->
          new AgentryException(
              ErrorCode.BAD_USER_INPUT, "agent violates constraint " + constraint, e);
      default -> e;
    };
  }
}
