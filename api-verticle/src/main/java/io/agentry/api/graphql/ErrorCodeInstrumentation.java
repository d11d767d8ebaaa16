package io.agentry.api.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.agentry.core.error.ErrorCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gives every error in a response an {@code extensions.code}, including those graphql-java raises
 * itself before any data fetcher runs (syntax, validation, depth and complexity limits).
 */
final class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
      ExecutionResult result,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    if (result.getErrors().isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    List<GraphQLError> coded =
        result.getErrors().stream().map(ErrorCodeInstrumentation::withCode).toList();
    return CompletableFuture.completedFuture(result.transform(b -> b.errors(coded)));
  }

  private static GraphQLError withCode(GraphQLError error) {
    Map<String, Object> extensions =
        error.getExtensions() == null ? new HashMap<>() : new HashMap<>(error.getExtensions());
    if (extensions.containsKey("code")) {
      return error;
    }
    extensions.put("code", codeFor(error).name());
    return GraphqlErrorBuilder.newError()
        .message(error.getMessage())
        .locations(error.getLocations())
        .path(error.getPath())
        .errorType(error.getErrorType())
        .extensions(extensions)
        .build();
  }

  static ErrorCode codeFor(GraphQLError error) {
    ErrorClassification type = error.getErrorType();
    if (type == ErrorType.InvalidSyntax) {
      return ErrorCode.GRAPHQL_PARSE_FAILED;
    }
    if (type == ErrorType.ValidationError) {
      return ErrorCode.GRAPHQL_VALIDATION_FAILED;
    }
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (message.contains("maximum query depth") || message.contains("maximum query complexity")) {
      return ErrorCode.QUERY_TOO_COMPLEX;
    }
    return ErrorCode.INTERNAL;
  }
}
