package io.agentry.core.llm.impl;

import io.agentry.core.bus.Addresses;
import io.agentry.core.llm.CallContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Publishes one call's streamed text deltas on {@link Addresses#MODEL_TOKENS}, numbered from 0 so
 * that feeds can order them and notice gaps (events from different nodes may arrive out of order).
 * Also hands each delta to the caller's own listener.
 */
final class TokenPublisher implements Consumer<String> {

  private final EventBus bus;
  private final UUID callId;
  private final JsonObject ids;
  private final Consumer<String> listener;
  private long seq;

  TokenPublisher(EventBus bus, UUID callId, CallContext context, Consumer<String> listener) {
    this.bus = bus;
    this.callId = callId;
    this.ids = context.ids();
    this.listener = listener;
  }

  /** How many deltas went out so far. */
  long published() {
    return seq;
  }

  @Override
  public void accept(String delta) {
    JsonObject body =
        ids.copy().put("callId", callId.toString()).put("seq", seq++).put("delta", delta);
    bus.publish(Addresses.MODEL_TOKENS, body);
    listener.accept(delta);
  }
}
