package io.agentry.api.ws;

import io.agentry.api.ws.SharedSubscriptions.Member;
import io.agentry.core.ledger.LedgerEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Subscribers of one {@link SubscriptionKey} served from one source stream: each event is rendered
 * once ({@link EventRenderer}) and the same payload goes to every member, in source order, one
 * event at a time (the next is requested when this one has been sent).
 *
 * <p>For a resumable stream every frame carries its ledger seq; a member gets only frames after its
 * own position, and the last {@link #RECENT} frames are kept so that a member joining later at an
 * older position is shown what it missed.
 */
final class SubscriptionGroup implements Subscriber<Object> {

  /** Frames a resumable group keeps for members that join behind it. */
  static final int RECENT = 1024;

  private record Frame(long seq, String payload) {}

  private final SharedSubscriptions hub;
  private final SubscriptionKey key;
  private final SubscriptionRequest request;
  private final Publisher<Object> source;
  private final Context context;
  private final Set<Member> members = new LinkedHashSet<>();
  private final ArrayDeque<Frame> recent = new ArrayDeque<>();

  /** Every frame with a seq in (boundary, lastSeq] is in {@link #recent}. */
  private long boundary;

  private long lastSeq;

  /** The latest payload, for members joining a snapshot group. */
  private String latest;

  private Subscription upstream;
  private boolean done;

  SubscriptionGroup(
      SharedSubscriptions hub,
      SubscriptionKey key,
      SubscriptionRequest request,
      Publisher<Object> source,
      long after) {
    this.hub = hub;
    this.key = key;
    this.request = request;
    this.source = source;
    this.context = hub.context();
    this.boundary = after;
    this.lastSeq = after;
  }

  SubscriptionKey key() {
    return key;
  }

  void start() {
    source.subscribe(this);
  }

  /** Whether a member at {@code after} can join and miss nothing. */
  boolean canServe(long after) {
    return !done && (!key.resumable() || after >= boundary);
  }

  void join(Member member, long after) {
    member.group = this;
    member.after = after;
    members.add(member);
    if (key.snapshot() && latest != null) {
      member.next(latest);
    }
    if (key.resumable()) {
      for (Frame frame : recent) {
        if (frame.seq() > member.after) {
          member.after = frame.seq();
          member.next(frame.payload());
        }
      }
    }
  }

  void leave(Member member) {
    if (members.remove(member) && members.isEmpty()) {
      close();
    }
  }

  /** Hands the members {@code shared} can serve over to it; closes this group once empty. */
  void moveMembersTo(SubscriptionGroup shared) {
    for (Member member : List.copyOf(members)) {
      if (shared.canServe(member.after)) {
        members.remove(member);
        shared.join(member, member.after);
      }
    }
    if (members.isEmpty()) {
      close();
    }
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    onContext(
        () -> {
          upstream = subscription;
          if (done) {
            subscription.cancel();
          } else {
            subscription.request(1);
          }
        });
  }

  @Override
  public void onNext(Object event) {
    onContext(
        () -> {
          if (done) {
            return;
          }
          hub.renderer()
              .render(request, event)
              .onComplete(
                  rendered ->
                      onContext(
                          () -> {
                            if (done) {
                              return;
                            }
                            if (rendered.failed()) {
                              fail(rendered.cause());
                              return;
                            }
                            publish(seqOf(event), rendered.result());
                            if (!done) {
                              hub.published(this);
                            }
                            if (!done) {
                              upstream.request(1);
                            }
                          }));
        });
  }

  @Override
  public void onError(Throwable error) {
    onContext(() -> fail(error));
  }

  @Override
  public void onComplete() {
    onContext(
        () -> {
          if (!done) {
            List<Member> left = List.copyOf(members);
            end();
            left.forEach(Member::complete);
          }
        });
  }

  private void publish(long seq, String payload) {
    if (key.snapshot()) {
      latest = payload;
    }
    if (key.resumable()) {
      recent.add(new Frame(seq, payload));
      if (recent.size() > RECENT) {
        boundary = recent.poll().seq();
      }
      lastSeq = seq;
    }
    for (Member member : new ArrayList<>(members)) {
      if (!key.resumable() || seq > member.after) {
        member.after = seq;
        member.next(payload);
      }
    }
  }

  private void fail(Throwable error) {
    if (done) {
      return;
    }
    List<Member> left = List.copyOf(members);
    end();
    List<?> errors =
        error instanceof EventRenderer.RenderFailed failed
            ? new io.vertx.core.json.JsonObject(failed.result)
                .getJsonArray("errors", new JsonArray())
                .getList()
            : List.of(WsConnection.coded(error));
    left.forEach(m -> m.error(errors));
  }

  private void close() {
    if (!done) {
      end();
    }
  }

  private void end() {
    done = true;
    members.forEach(m -> m.group = null);
    members.clear();
    recent.clear();
    if (upstream != null) {
      upstream.cancel();
    }
    hub.ended(this);
  }

  private long seqOf(Object event) {
    return key.resumable() && event instanceof LedgerEvent e ? e.seq() : lastSeq;
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
