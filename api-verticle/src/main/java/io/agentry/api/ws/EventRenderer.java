package io.agentry.api.ws;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import io.agentry.api.graphql.ApiContext;
import io.agentry.api.graphql.ApiServices;
import io.agentry.api.graphql.GraphQLFactory;
import io.agentry.api.graphql.SubscriptionEvents;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.Json;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Runs a subscription's selection set on one event and encodes the result once: the {@code payload}
 * of a {@code next} message, as JSON text, for every subscriber of the group.
 */
final class EventRenderer {

  private final GraphQL graphQL;
  private final ApiServices services;

  EventRenderer(GraphQL graphQL, ApiServices services) {
    this.graphQL = graphQL;
    this.services = services;
  }

  /** The encoded payload; fails with the execution's errors when it yields no event. */
  Future<String> render(SubscriptionRequest request, Object event) {
    ExecutionInput.Builder input =
        ExecutionInput.newExecutionInput()
            .query(request.query())
            .operationName(request.operationName())
            .graphQLContext(
                b -> {
                  ApiContext.put(b, request.principal());
                  SubscriptionEvents.put(b, event);
                })
            .dataLoaderRegistry(GraphQLFactory.loaders(services, request.principal()));
    if (request.variables() != null) {
      input.variables(request.variables());
    }
    Promise<String> payload = Promise.promise();
    graphQL
        .executeAsync(input.build())
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                payload.tryFail(error);
              } else if (result.getData() instanceof Publisher<?> one) {
                first(one, payload);
              } else {
                payload.tryFail(new RenderFailed(Json.encode(result.toSpecification())));
              }
            });
    return payload.future();
  }

  @SuppressWarnings("unchecked")
  private static void first(Publisher<?> results, Promise<String> payload) {
    ((Publisher<ExecutionResult>) results)
        .subscribe(
            new Subscriber<>() {
              @Override
              public void onSubscribe(Subscription s) {
                s.request(1);
              }

              @Override
              public void onNext(ExecutionResult result) {
                payload.tryComplete(Json.encode(result.toSpecification()));
              }

              @Override
              public void onError(Throwable error) {
                payload.tryFail(error);
              }

              @Override
              public void onComplete() {
                payload.tryFail(new IllegalStateException("the event rendered to nothing"));
              }
            });
  }

  /** The execution refused the event; {@code result} is its encoded result with the errors. */
  static final class RenderFailed extends RuntimeException {
    final String result;

    RenderFailed(String result) {
      super("rendering failed: " + result, null, false, false);
      this.result = result;
    }
  }
}
