package io.agentry.api.graphql;

import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.agentry.core.auth.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dataloader.DataLoaderRegistry;

/** Builds the executable schema from {@code schema.graphqls} and the data fetchers. */
public final class GraphQLFactory {

  /** Deeper queries are refused before execution. */
  public static final int MAX_DEPTH = 12;

  /** Each field counts one; a query above this is refused before execution. */
  public static final int MAX_COMPLEXITY = 500;

  /** Parsed and validated documents kept, by query text. */
  static final int DOCUMENT_CACHE_SIZE = 500;

  private GraphQLFactory() {}

  public static GraphQL create(ApiServices services) {
    TypeDefinitionRegistry types = new SchemaParser().parse(readSchema());
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(Scalars.DATE_TIME)
            .scalar(Scalars.JSON)
            .scalar(Scalars.LONG);
    Ownership ownership = new Ownership(services);
    new NodeDataFetchers(
            services.vertx(), services.node(), services.workerPools(), services.clusterStatus())
        .wire(wiring);
    new ProjectDataFetchers(services, ownership).wire(wiring);
    new AgentDataFetchers(services, ownership).wire(wiring);
    new TaskDataFetchers(services, ownership).wire(wiring);
    new JobDataFetchers(services, ownership).wire(wiring);
    new LedgerDataFetchers(services, ownership).wire(wiring);
    new ApiKeyDataFetchers(services).wire(wiring);
    new UsageDataFetchers(services, ownership).wire(wiring);
    new ActivityDataFetchers(services, ownership).wire(wiring);
    GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(types, wiring.build());
    return GraphQL.newGraphQL(schema)
        .instrumentation(
            new ChainedInstrumentation(
                List.of(
                    new MaxQueryDepthInstrumentation(MAX_DEPTH),
                    new MaxQueryComplexityInstrumentation(MAX_COMPLEXITY),
                    new SubscriptionEvents.RenderMode(),
                    new FieldPermissions(),
                    new ErrorCodeInstrumentation())))
        .defaultDataFetcherExceptionHandler(new ErrorMapping())
        .preparsedDocumentProvider(new DocumentCache(DOCUMENT_CACHE_SIZE))
        .build();
  }

  /** The DataLoaders of one request of {@code principal}. */
  public static DataLoaderRegistry loaders(ApiServices services, Principal principal) {
    return Loaders.registry(services.pool(), principal);
  }

  static String readSchema() {
    try (InputStream in = GraphQLFactory.class.getResourceAsStream("/schema.graphqls")) {
      if (in == null) {
        throw new IllegalStateException("schema.graphqls is missing from the api module's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
