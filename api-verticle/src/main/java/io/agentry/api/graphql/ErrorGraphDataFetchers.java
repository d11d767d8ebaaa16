package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.knowledge.Confidence;
import io.agentry.core.knowledge.ErrorFingerprint;
import io.agentry.core.knowledge.ErrorFingerprints;
import io.agentry.core.knowledge.ErrorGraphView;
import io.agentry.core.knowledge.ErrorNode;
import io.agentry.core.knowledge.FixSuggestion;
import io.agentry.core.knowledge.PatternKind;
import io.agentry.core.knowledge.Solution;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant's error knowledge graph ({@link io.agentry.core.knowledge.ErrorGraph}): errors, one
 * error's neighbourhood for drawing, and the learning engine's suggestion for an error text. The
 * graph is per tenant (what one project learns, the tenant's others reuse); every read names the
 * caller's tenant, so another tenant's error is {@code NOT_FOUND}.
 */
final class ErrorGraphDataFetchers {

  private static final String CURSOR = "error";

  private final ApiServices services;
  private final Ownership ownership;

  ErrorGraphDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher("errors", errors())
                .dataFetcher("error", error())
                .dataFetcher("suggestFix", suggestFix()));
    wiring.type(
        "KnownError",
        type -> type.dataFetcher("message", env -> env.<ErrorNode>getSource().normalizedMessage()));
    wiring.type(
        "ErrorSolution",
        type ->
            type.dataFetcher(
                    "successRate",
                    env -> {
                      Solution s = env.getSource();
                      return Confidence.successRate(s.successCount(), s.failureCount());
                    })
                .dataFetcher("confidence", env -> env.<Solution>getSource().confidence())
                .dataFetcher("antiPattern", env -> env.<Solution>getSource().isAntiPattern()));
  }

  /** Newest first; with a project, only errors seen there (which must be the caller's). */
  private DataFetcher<Object> errors() {
    return env -> {
      var page = Connections.page(env);
      UUID after = page.after() == null ? null : cursorId(Connections.decode(CURSOR, page.after()));
      Principal who = principal(env);
      UUID projectId = ApiContext.uuid(env.<String>getArgument("projectId"), "project");
      Future<?> projectCheck =
          projectId == null ? Future.succeededFuture() : ownership.project(who, projectId);
      return projectCheck
          .compose(v -> services.errorGraph().list(who.tenantId(), projectId, after, page.fetch()))
          .map(
              errors ->
                  Connections.connection(
                      errors, page, e -> Connections.encode(CURSOR, e.id().toString())))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> error() {
    return env -> {
      Principal who = principal(env);
      UUID id = ApiContext.uuid(env.<String>getArgument("id"), "error");
      return services
          .errorGraph()
          .view(who.tenantId(), id)
          .map(ErrorGraphDataFetchers::toGraph)
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> suggestFix() {
    return env -> {
      Principal who = principal(env);
      ErrorFingerprint fingerprint = ErrorFingerprints.of(env.getArgument("errorText"));
      return services
          .errorGraph()
          .suggest(who.tenantId(), fingerprint.hash())
          .map(found -> found.map(s -> toSuggestion(fingerprint, s)).orElse(null))
          .toCompletionStage();
    };
  }

  /** The view with its patterns split by kind, as the schema's {@code ErrorGraph}. */
  private static Map<String, Object> toGraph(ErrorGraphView view) {
    Map<String, Object> graph = new LinkedHashMap<>();
    graph.put("error", view.error());
    graph.put("solutions", view.solutions());
    graph.put(
        "patterns", view.patterns().stream().filter(p -> p.kind() == PatternKind.PATTERN).toList());
    graph.put(
        "antiPatterns",
        view.patterns().stream().filter(p -> p.kind() == PatternKind.ANTI_PATTERN).toList());
    graph.put("edges", view.edges());
    return graph;
  }

  private static Map<String, Object> toSuggestion(
      ErrorFingerprint fingerprint, FixSuggestion suggestion) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fingerprint", fingerprint.hash());
    out.put("error", suggestion.error());
    out.put("fix", suggestion.fix());
    out.put("confidence", suggestion.confidence());
    out.put("patterns", suggestion.patterns());
    out.put("antiPatterns", suggestion.antiPatterns());
    return out;
  }

  private static UUID cursorId(String key) {
    try {
      return UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, "after: not a cursor of this list");
    }
  }
}
