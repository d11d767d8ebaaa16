package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.projects.pg.PgProjectService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Tenants, projects and the caller itself. */
final class ProjectDataFetchers {

  private static final String CURSOR = "project";
  private static final String PAGE =
      "SELECT "
          + PgProjectService.COLUMNS
          + " FROM projects p WHERE p.tenant_id = $1 AND (p.created_at, p.id) > ($2, $3)"
          + " ORDER BY p.created_at, p.id LIMIT $4";

  private final ApiServices services;
  private final Ownership ownership;

  ProjectDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher("viewer", viewer())
                .dataFetcher(
                    "project",
                    env -> ownership.project(principal(env), uuid(env, "id")).toCompletionStage())
                .dataFetcher("projects", projects()));
    wiring.type("Mutation", type -> type.dataFetcher("createTenant", createTenant()));
    wiring.type(
        "Mutation",
        type ->
            type.dataFetcher(
                "createProject",
                env -> {
                  Map<String, Object> input = env.getArgument("input");
                  return services
                      .projects()
                      .create(
                          principal(env).tenantId(),
                          (String) input.get("name"),
                          (String) input.get("description"))
                      .toCompletionStage();
                }));
  }

  /** Only admins of the operator tenant; see {@link ApiServices#OPERATOR_TENANT}. */
  private DataFetcher<Object> createTenant() {
    return env -> {
      Principal who = principal(env);
      String name = env.getArgument("name");
      return tenant(who.tenantId())
          .compose(
              caller -> {
                if (!ApiServices.OPERATOR_TENANT.equals(caller.get("name"))) {
                  throw new AgentryException(
                      ErrorCode.FORBIDDEN,
                      "only an admin key of the '"
                          + ApiServices.OPERATOR_TENANT
                          + "' tenant may create tenants");
                }
                return services.apiKeys().createTenant(name);
              })
          .compose(
              issued ->
                  tenant(issued.key().tenantId())
                      .map(
                          tenant -> {
                            Map<String, Object> created = new LinkedHashMap<>();
                            created.put("tenant", tenant);
                            created.put("adminKey", issued);
                            return created;
                          }))
          .toCompletionStage();
    };
  }

  private Future<Map<String, Object>> tenant(UUID id) {
    return services
        .pool()
        .preparedQuery("SELECT id, name, created_at FROM tenants WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              var row = rows.iterator().next();
              Map<String, Object> tenant = new LinkedHashMap<>();
              tenant.put("id", row.getUUID("id"));
              tenant.put("name", row.getString("name"));
              tenant.put("createdAt", row.getOffsetDateTime("created_at"));
              return tenant;
            });
  }

  private DataFetcher<Object> viewer() {
    return env -> {
      Principal who = principal(env);
      return tenant(who.tenantId())
          .map(
              tenant -> {
                Map<String, Object> viewer = new LinkedHashMap<>();
                viewer.put("keyId", who.keyId());
                viewer.put("role", who.role());
                viewer.put("tenant", tenant);
                return viewer;
              })
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> projects() {
    return env -> {
      var page = Connections.page(env);
      var after = Connections.timeKey(CURSOR, page.after());
      return services
          .pool()
          .preparedQuery(PAGE)
          .execute(Tuple.of(principal(env).tenantId(), after.at(), after.id(), page.fetch()))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      PgProjectService::toProject,
                      page,
                      p -> Connections.timeCursor(CURSOR, p.createdAt(), p.id())))
          .toCompletionStage();
    };
  }
}
