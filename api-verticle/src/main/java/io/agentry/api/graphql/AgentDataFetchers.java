package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentConfig;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentUpdate;
import io.agentry.core.agents.ComplexityRange;
import io.agentry.core.agents.NewAgent;
import io.agentry.core.agents.pg.AgentRows;
import io.agentry.core.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/** Agents: definitions, listing with filters, and their lifecycle. */
final class AgentDataFetchers {

  private static final String CURSOR = "agent";
  private static final String PAGE =
      "SELECT "
          + AgentRows.COLUMNS
          + " FROM agents a WHERE a.tenant_id = $1"
          + " AND (a.deleted_at IS NULL OR $2 = 'deleted')"
          + " AND ($2::text IS NULL OR a.status = $2)"
          + " AND ($3::text IS NULL OR $3 = ANY (a.roles))"
          + " AND ($4::uuid IS NULL OR a.project_id = $4)"
          + " AND (a.created_at, a.id) > ($5, $6) ORDER BY a.created_at, a.id LIMIT $7";

  private final ApiServices services;
  private final Ownership ownership;

  AgentDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher(
                    "agent",
                    env -> ownership.agent(principal(env), uuid(env, "id")).toCompletionStage())
                .dataFetcher("agents", agents()));
    wiring.type(
        "Mutation",
        type ->
            type.dataFetcher("createAgent", create())
                .dataFetcher("updateAgent", update())
                .dataFetcher("deleteAgent", lifecycle((s, id) -> s.agents().delete(id)))
                .dataFetcher("startAgent", lifecycle((s, id) -> s.agents().start(id)))
                .dataFetcher("stopAgent", lifecycle((s, id) -> s.agents().stop(id)))
                .dataFetcher("pauseAgent", lifecycle((s, id) -> s.agents().pause(id)))
                .dataFetcher("resumeAgent", lifecycle((s, id) -> s.agents().resume(id))));
    wiring.type(
        "Agent",
        type ->
            type.dataFetcher(
                    "project",
                    env -> Loaders.load(env, Loaders.PROJECTS, env.<Agent>getSource().projectId()))
                .dataFetcher("config", env -> env.<Agent>getSource().config().toJson())
                .dataFetcher("minComplexity", env -> env.<Agent>getSource().complexity().min())
                .dataFetcher("maxComplexity", env -> env.<Agent>getSource().complexity().max()));
  }

  private DataFetcher<Object> agents() {
    return env -> {
      var page = Connections.page(env);
      var after = Connections.timeKey(CURSOR, page.after());
      String status = env.getArgument("status");
      String role = env.getArgument("role");
      Tuple params =
          Tuple.tuple()
              .addUUID(principal(env).tenantId())
              .addString(status == null ? null : status.toLowerCase(Locale.ROOT))
              .addString(role == null ? null : role.toLowerCase(Locale.ROOT))
              .addUUID(uuid(env, "projectId"))
              .addOffsetDateTime(after.at())
              .addUUID(after.id())
              .addInteger(page.fetch());
      return services
          .pool()
          .preparedQuery(PAGE)
          .execute(params)
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      AgentRows::toAgent,
                      page,
                      a -> Connections.timeCursor(CURSOR, a.createdAt(), a.id())))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> create() {
    return env -> {
      Principal who = principal(env);
      Map<String, Object> in = env.getArgument("input");
      UUID projectId = ApiContext.uuid((String) in.get("projectId"), "project");
      Future<?> projectCheck =
          projectId == null ? Future.succeededFuture() : ownership.project(who, projectId);
      return projectCheck
          .compose(
              v ->
                  services
                      .agents()
                      .create(
                          new NewAgent(
                              who.tenantId(),
                              projectId,
                              (String) in.get("name"),
                              (String) in.get("description"),
                              roles(in.get("roles")),
                              (String) in.get("goal"),
                              config(in.get("config")),
                              complexity(in, null),
                              (String) in.get("owner"))))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> update() {
    return env -> {
      Map<String, Object> in = env.getArgument("input");
      UUID id = uuid(env, "id");
      return ownership
          .agent(principal(env), id)
          .compose(
              agent ->
                  services
                      .agents()
                      .update(
                          id,
                          new AgentUpdate(
                              (String) in.get("name"),
                              (String) in.get("description"),
                              in.get("roles") == null ? null : roles(in.get("roles")),
                              (String) in.get("goal"),
                              in.get("config") == null ? null : config(in.get("config")),
                              complexity(in, agent.complexity()),
                              (String) in.get("owner"))))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> lifecycle(BiFunction<ApiServices, UUID, Future<Agent>> action) {
    return env -> {
      UUID id = uuid(env, "id");
      return ownership
          .agent(principal(env), id)
          .compose(agent -> action.apply(services, id))
          .toCompletionStage();
    };
  }

  private static java.util.Set<AgentRole> roles(Object value) {
    return AgentRole.parseAll(((Collection<?>) value).stream().map(String::valueOf).toList());
  }

  private static AgentConfig config(Object value) {
    return value == null ? null : AgentConfig.fromJson(requireObject(value));
  }

  private static JsonObject requireObject(Object value) {
    return ApiContext.jsonObject(value, "config");
  }

  /** The range from the input; a missing end keeps {@code current}'s (or the default's). */
  private static ComplexityRange complexity(Map<String, Object> in, ComplexityRange current) {
    Integer min = (Integer) in.get("minComplexity");
    Integer max = (Integer) in.get("maxComplexity");
    if (min == null && max == null) {
      return current;
    }
    ComplexityRange base = current == null ? ComplexityRange.all() : current;
    return new ComplexityRange(min == null ? base.min() : min, max == null ? base.max() : max);
  }
}
