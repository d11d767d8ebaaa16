package io.agentry.api.events;

import io.agentry.core.bus.Addresses;
import io.agentry.core.config.AgentryConfig.PostgresSettings;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.persistence.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges the ledger's {@code NOTIFY agentry_ledger '<projectId>:<seq>'} to this node's event bus.
 * Every api node listens to PostgreSQL itself, so an event committed by any node reaches the
 * subscribers of every api node; the notification is sent at commit, so nothing is announced that
 * could still roll back. The event is read once per node and published node-locally to {@link
 * Addresses#ledgerEvents}, and only for projects somebody here watches.
 */
public final class LedgerFeed {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerFeed.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final LedgerStore ledger;
  private final PgSubscriber subscriber;
  private final Map<UUID, AtomicInteger> watchers = new ConcurrentHashMap<>();

  private LedgerFeed(Vertx vertx, LedgerStore ledger, PgSubscriber subscriber) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.subscriber = subscriber;
  }

  public static LedgerFeed create(Vertx vertx, PostgresSettings pg, LedgerStore ledger) {
    return new LedgerFeed(
        vertx, ledger, PgSubscriber.subscriber(vertx, PgPools.connectOptions(pg)));
  }

  public Future<Void> start() {
    subscriber.reconnectPolicy(attempt -> 500L);
    subscriber
        .channel(LedgerStore.NOTIFY_CHANNEL)
        .handler(this::onNotify)
        // Called again after a reconnect: notifications sent meanwhile are lost, so streams
        // re-read.
        .subscribeHandler(v -> vertx.eventBus().publish(Addresses.LEDGER_RESYNC, null, LOCAL));
    return subscriber.connect();
  }

  public Future<Void> stop() {
    return subscriber.close();
  }

  /** A stream of {@code projectId} starts; events of the project are read and published. */
  void watch(UUID projectId) {
    watchers.computeIfAbsent(projectId, id -> new AtomicInteger()).incrementAndGet();
  }

  void unwatch(UUID projectId) {
    watchers.computeIfPresent(projectId, (id, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  private void onNotify(String payload) {
    int colon = payload.indexOf(':');
    UUID projectId;
    long seq;
    try {
      projectId = UUID.fromString(payload.substring(0, colon));
      seq = Long.parseLong(payload.substring(colon + 1));
    } catch (RuntimeException e) {
      LOG.warn("ignoring malformed ledger notification '{}'", payload);
      return;
    }
    if (!watchers.containsKey(projectId)) {
      return;
    }
    ledger
        .since(projectId, seq - 1, 1)
        .onSuccess(
            events -> {
              if (!events.isEmpty()) {
                vertx
                    .eventBus()
                    .publish(Addresses.ledgerEvents(projectId), toJson(events.getFirst()), LOCAL);
              }
            })
        .onFailure(e -> LOG.warn("could not read ledger event {}: {}", payload, e.getMessage()));
  }

  static JsonObject toJson(LedgerEvent e) {
    return new JsonObject()
        .put("projectId", e.projectId().toString())
        .put("seq", e.seq())
        .put("source", e.source().name())
        .put("causeSeq", e.causeSeq())
        .put("type", e.type())
        .put("payload", e.payload())
        .put("createdAt", e.createdAt());
  }

  static LedgerEvent fromJson(JsonObject json) {
    return new LedgerEvent(
        UUID.fromString(json.getString("projectId")),
        json.getLong("seq"),
        LedgerEvent.Source.valueOf(json.getString("source")),
        json.getLong("causeSeq"),
        json.getString("type"),
        json.getJsonObject("payload"),
        json.getInstant("createdAt"));
  }
}
