package io.agentry.api.events;

import io.agentry.core.bus.Addresses;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A project's ledger from {@code afterSeq} on, as a reactive-streams {@link Publisher}: first the
 * stored events, then live ones, in seq order, with no gap and no duplicate.
 *
 * <p>Live events are heard before the replay starts and held back until it is done. Seqs are
 * gap-free per project, so the stream always knows which seq comes next: an older one is a
 * duplicate and dropped, a newer one means something was missed (a notification lost, events
 * published out of order) and the missing range is read from the database. The database is the
 * truth; the bus only says "there is more".
 *
 * <p>Each event passes through {@code mapper} (e.g. to the task it changed) in order; an empty
 * result skips it. Everything runs on one Vert.x context, so the subscriber is called serially.
 */
public final class LedgerStream<T> implements Publisher<T> {

  /** Events read from the database per round trip. */
  static final int PAGE = 500;

  /** A subscriber this far behind is dropped; it resumes with {@code afterSeq}. */
  static final int MAX_QUEUED = 10_000;

  private final Vertx vertx;
  private final LedgerFeed feed;
  private final LedgerStore ledger;
  private final UUID projectId;
  private final long afterSeq;
  private final Function<LedgerEvent, Future<Optional<T>>> mapper;

  public LedgerStream(
      Vertx vertx,
      LedgerFeed feed,
      LedgerStore ledger,
      UUID projectId,
      long afterSeq,
      Function<LedgerEvent, Future<Optional<T>>> mapper) {
    this.vertx = vertx;
    this.feed = feed;
    this.ledger = ledger;
    this.projectId = projectId;
    this.afterSeq = afterSeq;
    this.mapper = mapper;
  }

  /** Where the stream starts: it yields events with a greater seq. */
  public long afterSeq() {
    return afterSeq;
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new Flow(context, subscriber).start());
  }

  private final class Flow implements Subscription {
    private final Context context;
    private final Subscriber<? super T> subscriber;
    private final TreeMap<Long, LedgerEvent> live = new TreeMap<>();
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private MessageConsumer<JsonObject> events;
    private MessageConsumer<Object> resync;
    private Future<Void> mapping = Future.succeededFuture();
    private long cursor = afterSeq;
    private long demand;
    private boolean reading;
    private boolean moreStored;
    private boolean done;

    Flow(Context context, Subscriber<? super T> subscriber) {
      this.context = context;
      this.subscriber = subscriber;
    }

    void start() {
      feed.watch(projectId);
      events =
          vertx
              .eventBus()
              .localConsumer(
                  Addresses.ledgerEvents(projectId), m -> onLive(LedgerFeed.fromJson(m.body())));
      resync = vertx.eventBus().localConsumer(Addresses.LEDGER_RESYNC, m -> read());
      subscriber.onSubscribe(this);
      read();
    }

    private void read() {
      if (reading || done) {
        return;
      }
      reading = true;
      ledger
          .since(projectId, cursor, PAGE)
          .onComplete(
              result -> {
                reading = false;
                if (done) {
                  return;
                }
                if (result.failed()) {
                  fail(result.cause());
                  return;
                }
                result.result().forEach(this::accept);
                moreStored = result.result().size() == PAGE;
                if (moreStored && ready.size() < PAGE) {
                  read();
                } else if (!moreStored) {
                  drainLive();
                }
              });
    }

    private void onLive(LedgerEvent event) {
      if (event.seq() > cursor) {
        live.put(event.seq(), event);
      }
      if (!reading) {
        drainLive();
      }
    }

    private void drainLive() {
      while (!live.isEmpty() && !done) {
        long next = live.firstKey();
        if (next <= cursor) {
          live.pollFirstEntry();
        } else if (next == cursor + 1) {
          accept(live.pollFirstEntry().getValue());
        } else {
          read(); // a gap: the database has what the bus did not bring
          return;
        }
      }
    }

    private void accept(LedgerEvent event) {
      if (event.seq() != cursor + 1) {
        return; // replayed rows overlap with live ones only by seq, never out of order
      }
      cursor = event.seq();
      mapping =
          mapping
              .compose(v -> mapper.apply(event))
              .map(
                  mapped -> {
                    mapped.ifPresent(ready::add);
                    deliver();
                    return null;
                  });
      mapping.onFailure(this::fail);
    }

    private void deliver() {
      while (demand > 0 && !ready.isEmpty() && !done) {
        demand--;
        subscriber.onNext(ready.poll());
      }
      if (ready.size() > MAX_QUEUED) {
        fail(
            new AgentryException(
                ErrorCode.UNAVAILABLE,
                "subscriber fell too far behind; subscribe again with afterSeq = last seq seen"));
      } else if (moreStored && !reading && ready.size() < PAGE / 2) {
        read();
      }
    }

    @Override
    public void request(long n) {
      context.runOnContext(
          v -> {
            if (n <= 0) {
              fail(new IllegalArgumentException("request must be positive (rule 3.9)"));
              return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            deliver();
          });
    }

    @Override
    public void cancel() {
      context.runOnContext(v -> close());
    }

    private void fail(Throwable error) {
      if (!done) {
        close();
        subscriber.onError(error);
      }
    }

    private void close() {
      if (done) {
        return;
      }
      done = true;
      events.unregister();
      resync.unregister();
      feed.unwatch(projectId);
      ready.clear();
      live.clear();
    }
  }
}
