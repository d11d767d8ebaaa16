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
import io.agentry.core.node.NodeServices;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the executable schema from {@code schema.graphqls} and the data fetchers. */
public final class GraphQLFactory {

  /** Deeper queries are refused before execution. */
  public static final int MAX_DEPTH = 12;

  /** Each field counts one; a query above this is refused before execution. */
  public static final int MAX_COMPLEXITY = 500;

  private GraphQLFactory() {}

  public static GraphQL create(Vertx vertx, NodeServices node) {
    TypeDefinitionRegistry types = new SchemaParser().parse(readSchema());
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
    new NodeDataFetchers(vertx, node).wire(wiring);
    GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(types, wiring.build());
    return GraphQL.newGraphQL(schema)
        .instrumentation(
            new ChainedInstrumentation(
                List.of(
                    new MaxQueryDepthInstrumentation(MAX_DEPTH),
                    new MaxQueryComplexityInstrumentation(MAX_COMPLEXITY),
                    new ErrorCodeInstrumentation())))
        .defaultDataFetcherExceptionHandler(new ErrorMapping())
        .build();
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
