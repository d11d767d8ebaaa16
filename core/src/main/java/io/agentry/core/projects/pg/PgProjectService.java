package io.agentry.core.projects.pg;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.projects.Project;
import io.agentry.core.projects.ProjectService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.UUID;

/** {@link ProjectService} on PostgreSQL. */
public final class PgProjectService implements ProjectService {

  public static final String COLUMNS = "p.id, p.tenant_id, p.name, p.description, p.created_at";

  private static final String INSERT =
      "INSERT INTO projects AS p (id, tenant_id, name, description) VALUES ($1, $2, $3, $4)"
          + " RETURNING "
          + COLUMNS;
  private static final String SELECT = "SELECT " + COLUMNS + " FROM projects p WHERE p.id = $1";

  private final Pool pool;
  private final LedgerStore ledger;

  private PgProjectService(Pool pool, LedgerStore ledger) {
    this.pool = pool;
    this.ledger = ledger;
  }

  public static PgProjectService create(Pool pool, LedgerStore ledger) {
    return new PgProjectService(
        Objects.requireNonNull(pool, "pool"), Objects.requireNonNull(ledger, "ledger"));
  }

  @Override
  public Future<Project> create(UUID tenantId, String name, String description) {
    String trimmed = name == null ? "" : name.strip();
    String text = description == null ? "" : description;
    if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
      return badInput("name must be 1 to " + MAX_NAME + " characters");
    }
    if (text.length() > MAX_DESCRIPTION) {
      return badInput("description must be at most " + MAX_DESCRIPTION + " characters");
    }
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(INSERT)
                    .execute(Tuple.of(UUID.randomUUID(), tenantId, trimmed, text))
                    .map(rows -> toProject(rows.iterator().next()))
                    .compose(
                        project ->
                            ledger
                                .append(
                                    tx,
                                    project.id(),
                                    Source.USER,
                                    null,
                                    "ProjectCreated",
                                    new JsonObject().put("name", project.name()))
                                .map(event -> project)))
        .recover(e -> Future.failedFuture(translate(e, tenantId, trimmed)));
  }

  @Override
  public Future<Project> get(UUID projectId) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(projectId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new AgentryException(
                    ErrorCode.NOT_FOUND, "project " + projectId + " does not exist");
              }
              return toProject(rows.iterator().next());
            });
  }

  public static Project toProject(Row row) {
    return new Project(
        row.getUUID("id"),
        row.getUUID("tenant_id"),
        row.getString("name"),
        row.getString("description"),
        row.getOffsetDateTime("created_at").toInstant());
  }

  private static Throwable translate(Throwable e, UUID tenantId, String name) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return new AgentryException(
          ErrorCode.BAD_USER_INPUT, "name: a project named '" + name + "' already exists", e);
    }
    if (e instanceof PgException pg && "23503".equals(pg.getSqlState())) {
      return new AgentryException(ErrorCode.NOT_FOUND, "tenant " + tenantId + " does not exist", e);
    }
    return e;
  }

  private static <T> Future<T> badInput(String message) {
    return Future.failedFuture(new AgentryException(ErrorCode.BAD_USER_INPUT, message));
  }
}
