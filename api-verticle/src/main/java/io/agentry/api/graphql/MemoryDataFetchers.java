package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.memory.MemoryCollection;
import io.agentry.core.memory.VectorMemory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Search of the tenant's vector memory ({@link VectorMemory}). Memories of a project carry its id
 * under the metadata key {@value #PROJECT_KEY} (as the roles store them), which the project filter
 * matches. Chroma being unreachable is {@code UNAVAILABLE}.
 */
final class MemoryDataFetchers {

  /** The metadata key under which the roles record a memory's project. */
  static final String PROJECT_KEY = "project";

  private final ApiServices services;
  private final Ownership ownership;

  MemoryDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Query", type -> type.dataFetcher("searchMemory", search()));
  }

  private DataFetcher<Object> search() {
    return env -> {
      Principal who = principal(env);
      MemoryCollection collection = MemoryCollection.valueOf(env.getArgument("collection"));
      String query = env.getArgument("query");
      int limit = env.getArgumentOrDefault("limit", 5);
      if (limit < 1 || limit > VectorMemory.MAX_LIMIT) {
        throw new AgentryException(
            ErrorCode.BAD_USER_INPUT,
            "limit must be between 1 and " + VectorMemory.MAX_LIMIT + " (was " + limit + ")");
      }
      UUID projectId = ApiContext.uuid(env.<String>getArgument("projectId"), "project");
      Future<JsonObject> where =
          projectId == null
              ? Future.succeededFuture(null)
              : ownership
                  .project(who, projectId)
                  .map(p -> new JsonObject().put(PROJECT_KEY, projectId.toString()));
      return where
          .compose(
              filter ->
                  services.memory().get().search(who.tenantId(), collection, query, limit, filter))
          .toCompletionStage();
    };
  }
}
