package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.api.events.LedgerStream;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/** A project's ledger: pages of it, and the live stream with resume from a seq. */
final class LedgerDataFetchers {

  private static final String CURSOR = "ledger";

  private final ApiServices services;
  private final Ownership ownership;

  LedgerDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Query", type -> type.dataFetcher("ledger", ledger()));
    wiring.type("Subscription", type -> type.dataFetcher("ledgerEvents", ledgerEvents()));
  }

  private DataFetcher<Object> ledger() {
    return env -> {
      var page = Connections.page(env);
      long after = Connections.longKey(CURSOR, page.after());
      UUID projectId = uuid(env, "projectId");
      return ownership
          .project(principal(env), projectId)
          .compose(project -> services.ledger().since(projectId, after, page.fetch()))
          .map(
              events ->
                  Connections.connection(
                      events, page, e -> Connections.encode(CURSOR, Long.toString(e.seq()))))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> ledgerEvents() {
    return env -> {
      UUID projectId = uuid(env, "projectId");
      int afterSeq = env.getArgumentOrDefault("afterSeq", 0);
      if (afterSeq < 0) {
        throw new AgentryException(ErrorCode.BAD_USER_INPUT, "afterSeq must not be negative");
      }
      return ownership
          .project(principal(env), projectId)
          .map(
              project ->
                  new LedgerStream<LedgerEvent>(
                      services.vertx(),
                      services.feed(),
                      services.ledger(),
                      projectId,
                      afterSeq,
                      event -> Future.succeededFuture(Optional.of(event))))
          .toCompletionStage();
    };
  }
}
