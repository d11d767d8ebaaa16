package io.agentry.api.ws;

import graphql.GraphQL;
import io.agentry.api.events.LedgerStream;
import io.agentry.api.graphql.ApiServices;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Fan-out of identical subscriptions on one api node. Subscriptions with the same {@link
 * SubscriptionKey} join one {@link SubscriptionGroup}: one source stream, one execution of the
 * selection set per event, one JSON encoding; each subscriber's {@code next} message is that
 * payload with its own id spliced in.
 *
 * <p>Authorisation stays per subscriber: every subscriber's own {@code subscribe} is executed (its
 * permission and tenant checked, its source stream created but never opened) before it may join.
 * The key holds the tenant and role, so only callers who would see exactly the same data share.
 *
 * <p>A resumable stream ({@code ledgerEvents(afterSeq)}) joins the group when the group can still
 * show it everything after its position (the group keeps its last {@link SubscriptionGroup#RECENT}
 * frames); otherwise it gets a group of its own that replays from its position and merges into the
 * shared one as soon as it has caught up.
 *
 * <p>The hub runs on an event loop of its own, not the sockets': its writes then reach each socket
 * through the socket's outbound queue, which the socket's event loop drains with one flush per
 * batch. So two threads share the work, and a socket that is several events behind gets them in one
 * system call instead of one each.
 */
final class SharedSubscriptions {

  /** One subscriber of a group: an operation of a WebSocket connection. */
  abstract static class Member {
    SubscriptionGroup group;

    /** The last seq this member has seen (resumable groups only). */
    long after;

    /** Sends a {@code next} message with this already-encoded payload. */
    abstract void next(String payload);

    abstract void error(List<?> errors);

    abstract void complete();

    /** Stops receiving; the group's source closes when its last member leaves. Any thread. */
    final void leave() {
      hub.onContext(
          () -> {
            if (group != null) {
              group.leave(this);
              group = null;
            }
          });
    }

    private SharedSubscriptions hub;
  }

  private final Context context;
  private final EventRenderer renderer;
  private final Map<SubscriptionKey, SubscriptionGroup> groups = new HashMap<>();

  SharedSubscriptions(Context context, GraphQL graphQL, ApiServices services) {
    this.context = context;
    this.renderer = new EventRenderer(graphQL, services);
  }

  /**
   * Adds an authorised subscriber whose own (unopened) source stream is {@code source}. Any thread;
   * the member is called on the hub's context from then on.
   */
  void subscribe(Member member, SubscriptionRequest request, Publisher<Object> source) {
    member.hub = this;
    SubscriptionKey key = SubscriptionKey.of(request);
    onContext(() -> subscribe(member, key, request, source));
  }

  private void subscribe(
      Member member, SubscriptionKey key, SubscriptionRequest request, Publisher<Object> source) {
    long after =
        key.resumable() && source instanceof LedgerStream<?> ledger ? ledger.afterSeq() : 0;
    SubscriptionGroup shared = groups.get(key);
    if (shared != null && shared.canServe(after)) {
      shared.join(member, after);
      return;
    }
    SubscriptionGroup group = new SubscriptionGroup(this, key, request, source, after);
    groups.putIfAbsent(key, group);
    group.join(member, after);
    group.start();
  }

  /** How many groups serve subscribers now (tests and metrics). */
  int groupCount() {
    return groups.size();
  }

  Context context() {
    return context;
  }

  void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  EventRenderer renderer() {
    return renderer;
  }

  /** After each frame of a catching-up group: move its members to the shared group if possible. */
  void published(SubscriptionGroup group) {
    SubscriptionGroup shared = groups.get(group.key());
    if (shared == null) {
      groups.put(group.key(), group);
    } else if (shared != group) {
      group.moveMembersTo(shared);
    }
  }

  void ended(SubscriptionGroup group) {
    groups.remove(group.key(), group);
  }
}
