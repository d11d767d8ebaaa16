package io.agentry.api.graphql;

import graphql.GraphQLContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Renders one event of a subscription: an execution whose context carries an event makes the
 * subscription's root field yield exactly that event instead of opening its source stream, so
 * graphql-java runs the selection set on it once. Subscribers that share a subscription are served
 * from one such execution per event (see {@code io.agentry.api.ws.SharedSubscriptions}); each
 * subscriber's own subscribe-time execution has checked its permission and tenant already.
 *
 * <p>Only server code can put the event into the context; a client's request cannot reach it.
 */
public final class SubscriptionEvents {

  private record Event(Object value) {}

  private SubscriptionEvents() {}

  /** Marks an execution as the rendering of {@code event}. */
  public static void put(GraphQLContext.Builder context, Object event) {
    context.of(Event.class, new Event(event));
  }

  /** Placed before {@link FieldPermissions}, so the permission is still checked on each event. */
  static final class RenderMode extends SimplePerformantInstrumentation {
    @Override
    public DataFetcher<?> instrumentDataFetcher(
        DataFetcher<?> fetcher,
        InstrumentationFieldFetchParameters parameters,
        InstrumentationState state) {
      var env = parameters.getEnvironment();
      if (!(env.getParentType() instanceof GraphQLObjectType parent)
          || !parent.getName().equals("Subscription")) {
        return fetcher;
      }
      return e -> {
        Event event = e.getGraphQlContext().get(Event.class);
        return event == null ? fetcher.get(e) : new Single(event.value());
      };
    }
  }

  /** A publisher of one item. */
  private static final class Single implements Publisher<Object> {
    private final Object item;

    Single(Object item) {
      this.item = item;
    }

    @Override
    public void subscribe(Subscriber<? super Object> subscriber) {
      AtomicBoolean done = new AtomicBoolean();
      subscriber.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {
              if (n > 0 && done.compareAndSet(false, true)) {
                subscriber.onNext(item);
                subscriber.onComplete();
              }
            }

            @Override
            public void cancel() {
              done.set(true);
            }
          });
    }
  }
}
