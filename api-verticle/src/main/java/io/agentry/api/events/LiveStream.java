package io.agentry.api.events;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A live-only stream as a reactive-streams {@link Publisher}: from subscription on, every item
 * handed to the sink, in order. Subscribing calls {@code open} with the sink, which returns what to
 * run when the stream ends (unregister a consumer, stop a timer). Items are queued until requested;
 * a subscriber more than {@link #MAX_QUEUED} behind is ended with {@code UNAVAILABLE}. The sink may
 * be called from any thread; the subscriber is called on the subscribing context.
 */
public final class LiveStream<T> implements Publisher<T> {

  static final int MAX_QUEUED = 10_000;

  private final Vertx vertx;
  private final Function<Consumer<T>, Runnable> open;

  public LiveStream(Vertx vertx, Function<Consumer<T>, Runnable> open) {
    this.vertx = vertx;
    this.open = open;
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new Flow(context, subscriber).start());
  }

  private final class Flow implements Subscription {
    private final Context context;
    private final Subscriber<? super T> subscriber;
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private Runnable close;
    private long demand;
    private boolean done;

    Flow(Context context, Subscriber<? super T> subscriber) {
      this.context = context;
      this.subscriber = subscriber;
    }

    void start() {
      subscriber.onSubscribe(this);
      if (!done) {
        close = open.apply(this::offer);
      }
    }

    private void offer(T item) {
      if (Vertx.currentContext() == context) {
        accept(item);
      } else {
        context.runOnContext(v -> accept(item));
      }
    }

    private void accept(T item) {
      if (done) {
        return;
      }
      ready.add(item);
      if (ready.size() > MAX_QUEUED) {
        end();
        subscriber.onError(
            new AgentryException(
                ErrorCode.UNAVAILABLE, "subscriber fell too far behind; subscribe again"));
        return;
      }
      deliver();
    }

    private void deliver() {
      while (demand > 0 && !ready.isEmpty() && !done) {
        demand--;
        subscriber.onNext(ready.poll());
      }
    }

    @Override
    public void request(long n) {
      context.runOnContext(
          v -> {
            if (n <= 0) {
              end();
              subscriber.onError(new IllegalArgumentException("request must be positive"));
              return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            deliver();
          });
    }

    @Override
    public void cancel() {
      context.runOnContext(v -> end());
    }

    private void end() {
      if (!done) {
        done = true;
        ready.clear();
        if (close != null) {
          close.run();
        }
      }
    }
  }
}
