package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.auth.Principal;
import io.agentry.core.context.ContextEntry;
import io.agentry.core.context.ContextVersion;
import io.agentry.core.context.SharedContext;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A project's shared context ({@link SharedContext}): its keys, a key's versions, writes and
 * rollbacks. Reads of one version, writes and rollbacks go through the core service (which checks
 * the tenant itself); the two listings page with SQL after the project's ownership check.
 */
final class ContextDataFetchers {

  private static final String KEY_CURSOR = "contextKey";
  private static final String VERSION_CURSOR = "contextVersion";

  private static final String KEYS =
      "SELECT key, current_version, created_at, updated_at FROM context_entries"
          + " WHERE project_id = $1 AND current_version > 0 AND key > $2 ORDER BY key LIMIT $3";

  private static final String HISTORY =
      "SELECT key, version, value, author, restored_from, created_at FROM context_versions"
          + " WHERE project_id = $1 AND key = $2 AND version < $3"
          + " ORDER BY version DESC LIMIT $4";

  private final ApiServices services;
  private final Ownership ownership;

  ContextDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher("contextKeys", keys())
                .dataFetcher("context", context())
                .dataFetcher("contextHistory", history()));
    wiring.type(
        "Mutation",
        type ->
            type.dataFetcher("writeContext", write()).dataFetcher("rollbackContext", rollback()));
  }

  private DataFetcher<Object> keys() {
    return env -> {
      var page = Connections.page(env);
      String after = page.after() == null ? "" : Connections.decode(KEY_CURSOR, page.after());
      UUID projectId = uuid(env, "projectId");
      return ownership
          .project(principal(env), projectId)
          .compose(
              project ->
                  services
                      .pool()
                      .preparedQuery(KEYS)
                      .execute(Tuple.of(projectId, after, page.fetch())))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      row ->
                          new ContextEntry(
                              row.getString("key"),
                              row.getInteger("current_version"),
                              row.getOffsetDateTime("created_at").toInstant(),
                              row.getOffsetDateTime("updated_at").toInstant()),
                      page,
                      entry -> Connections.encode(KEY_CURSOR, entry.key())))
          .toCompletionStage();
    };
  }

  /** The current version, or the one asked for; null for a key never written. */
  private DataFetcher<Object> context() {
    return env -> {
      Principal who = principal(env);
      UUID projectId = uuid(env, "projectId");
      String key = env.getArgument("key");
      Integer version = env.getArgument("version");
      SharedContext context = services.context();
      if (version == null) {
        return context
            .current(who.tenantId(), projectId, key)
            .map(found -> found.orElse(null))
            .toCompletionStage();
      }
      return context.version(who.tenantId(), projectId, key, version).toCompletionStage();
    };
  }

  /** Newest first; a cursor is the last version seen, and versions have no gaps. */
  private DataFetcher<Object> history() {
    return env -> {
      var page = Connections.page(env);
      long before = Connections.longKey(VERSION_CURSOR, page.after());
      Principal who = principal(env);
      UUID projectId = uuid(env, "projectId");
      String key = requireKey(env.getArgument("key"));
      return ownership
          .project(who, projectId)
          .compose(
              project ->
                  services
                      .pool()
                      .preparedQuery(HISTORY)
                      .execute(
                          Tuple.of(
                              projectId,
                              key,
                              page.after() == null
                                  ? Integer.MAX_VALUE
                                  : (int) Math.min(before, Integer.MAX_VALUE),
                              page.fetch())))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      row -> toVersion(who.tenantId(), projectId, row),
                      page,
                      v -> Connections.encode(VERSION_CURSOR, Integer.toString(v.version()))))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> write() {
    return env -> {
      Principal who = principal(env);
      UUID projectId = uuid(env, "projectId");
      String key = env.getArgument("key");
      JsonObject value = ApiContext.jsonObject(env.getArgument("value"), "value");
      Integer expected = env.getArgument("expectedVersion");
      SharedContext context = services.context();
      String author = ApiContext.requester(who);
      return (expected == null
              ? context.write(who.tenantId(), projectId, key, value, author)
              : context.write(who.tenantId(), projectId, key, value, author, expected))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> rollback() {
    return env -> {
      Principal who = principal(env);
      int toVersion = env.getArgument("toVersion");
      return services
          .context()
          .rollback(
              who.tenantId(),
              uuid(env, "projectId"),
              env.getArgument("key"),
              toVersion,
              ApiContext.requester(who))
          .toCompletionStage();
    };
  }

  private static String requireKey(String key) {
    if (key == null || !SharedContext.KEY_FORMAT.matcher(key).matches()) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          "key must be 1 to 200 characters of letters, digits and . _ : / -, starting with a"
              + " letter or digit");
    }
    return key;
  }

  private static ContextVersion toVersion(UUID tenantId, UUID projectId, Row row) {
    return new ContextVersion(
        tenantId,
        projectId,
        row.getString("key"),
        row.getInteger("version"),
        row.getJsonObject("value"),
        row.getString("author"),
        row.getInteger("restored_from"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
