package io.agentry.api.graphql;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions from data fetchers become GraphQL errors. An {@link
 * AgentryException} keeps its code and message; anything else is logged and answered as {@code
 * INTERNAL} without internals.
 */
final class ErrorMapping implements DataFetcherExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters params) {
    Throwable error = unwrap(params.getException());
    ErrorCode code;
    String message;
    if (error instanceof AgentryException agentry) {
      code = agentry.code();
      message = agentry.getMessage();
    } else {
      code = ErrorCode.INTERNAL;
      message = "internal error; see the node's log";
      LOG.error("data fetcher failed at {}", params.getPath(), error);
    }
    var graphqlError =
        GraphqlErrorBuilder.newError(params.getDataFetchingEnvironment())
            .message(message)
            .extensions(Map.of("code", code.name()))
            .build();
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(graphqlError).build());
  }

  private static Throwable unwrap(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
