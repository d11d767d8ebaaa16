package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.auth.ApiKey;
import io.agentry.core.auth.Role;
import java.util.List;

/** API keys of the caller's tenant: list, create (token shown once), revoke. */
final class ApiKeyDataFetchers {

  private static final String CURSOR = "apikey";

  private final ApiServices services;

  ApiKeyDataFetchers(ApiServices services) {
    this.services = services;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher(
                "apiKeys",
                env -> {
                  var page = Connections.page(env);
                  var after = Connections.timeKey(CURSOR, page.after());
                  // A tenant has few keys: read them all, page in memory.
                  return services
                      .apiKeys()
                      .list(principal(env).tenantId())
                      .map(
                          keys -> {
                            List<ApiKey> rest =
                                keys.stream()
                                    .filter(
                                        k ->
                                            k.createdAt().isAfter(after.at().toInstant())
                                                || (k.createdAt().equals(after.at().toInstant())
                                                    && k.id().compareTo(after.id()) > 0))
                                    .limit(page.fetch())
                                    .toList();
                            return Connections.connection(
                                rest,
                                page,
                                k -> Connections.timeCursor(CURSOR, k.createdAt(), k.id()));
                          })
                      .toCompletionStage();
                }));
    wiring.type(
        "Mutation",
        type ->
            type.dataFetcher(
                    "createApiKey",
                    env ->
                        services
                            .apiKeys()
                            .create(
                                principal(env).tenantId(),
                                env.getArgument("name"),
                                Role.valueOf(env.getArgument("role")))
                            .toCompletionStage())
                .dataFetcher(
                    "revokeApiKey",
                    env ->
                        services
                            .apiKeys()
                            .revoke(principal(env).tenantId(), uuid(env, "id"))
                            .toCompletionStage()));
  }
}
