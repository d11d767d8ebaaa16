package io.agentry.api.events;

import io.agentry.core.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live agent activity for this api node's subscribers: what workers publish cluster-wide on {@link
 * Addresses#AGENT_ACTIVITY} and the model client's streamed tokens on {@link
 * Addresses#MODEL_TOKENS}, as {@code AgentActivity} items, per project. The node listens to the two
 * addresses only while somebody here watches, so idle api nodes take no token traffic.
 */
public final class ActivityFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ActivityFeed.class);

  /** The bus's lowercase kinds; tokens become {@code TOKENS}. */
  static final Set<String> KINDS =
      Set.of("monologue", "tool_call", "tool_result", "command_output", "status");

  private final Vertx vertx;
  private final Map<UUID, Set<Consumer<Map<String, Object>>>> watchers = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> activity;
  private MessageConsumer<JsonObject> tokens;

  public ActivityFeed(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Calls {@code listener} with each activity item of the project; run the result to stop. */
  public synchronized Runnable listen(UUID projectId, Consumer<Map<String, Object>> listener) {
    watchers.computeIfAbsent(projectId, id -> new CopyOnWriteArraySet<>()).add(listener);
    if (activity == null) {
      activity =
          vertx.eventBus().consumer(Addresses.AGENT_ACTIVITY, m -> route(activity(m.body())));
      tokens = vertx.eventBus().consumer(Addresses.MODEL_TOKENS, m -> route(tokens(m.body())));
    }
    return () -> stop(projectId, listener);
  }

  private synchronized void stop(UUID projectId, Consumer<Map<String, Object>> listener) {
    watchers.computeIfPresent(
        projectId,
        (id, set) -> {
          set.remove(listener);
          return set.isEmpty() ? null : set;
        });
    if (watchers.isEmpty() && activity != null) {
      activity.unregister();
      tokens.unregister();
      activity = null;
      tokens = null;
    }
  }

  private void route(Map<String, Object> item) {
    if (item == null) {
      return;
    }
    var listeners = watchers.get((UUID) item.get("projectId"));
    if (listeners != null) {
      listeners.forEach(l -> l.accept(item));
    }
  }

  /** An {@code AGENT_ACTIVITY} body as an item; null (logged) when it is not one. */
  static Map<String, Object> activity(JsonObject body) {
    String kind = body == null ? null : body.getString("kind");
    if (kind == null || !KINDS.contains(kind)) {
      LOG.debug("ignoring agent activity of unknown kind: {}", body);
      return null;
    }
    Map<String, Object> item = common(body);
    if (item == null) {
      return null;
    }
    item.put("kind", kind.toUpperCase(Locale.ROOT));
    item.put("text", body.getString("text", ""));
    item.put("tool", body.getString("tool"));
    item.put("data", body.getValue("data"));
    Object at = body.getValue("at");
    item.put(
        "at",
        at instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()) : Instant.now());
    return item;
  }

  /** A {@code MODEL_TOKENS} body (one streamed delta) as a {@code TOKENS} item. */
  static Map<String, Object> tokens(JsonObject body) {
    Map<String, Object> item = body == null ? null : common(body);
    if (item == null) {
      return null;
    }
    item.put("kind", "TOKENS");
    item.put("text", body.getString("delta", ""));
    item.put("tool", null);
    item.put(
        "data",
        new JsonObject().put("callId", body.getValue("callId")).put("seq", body.getValue("seq")));
    item.put("at", Instant.now());
    return item;
  }

  private static Map<String, Object> common(JsonObject body) {
    UUID projectId;
    try {
      projectId = UUID.fromString(body.getString("projectId", ""));
    } catch (IllegalArgumentException | ClassCastException e) {
      return null; // activity outside any project reaches no subscriber
    }
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("projectId", projectId);
    item.put("taskId", text(body.getValue("taskId")));
    item.put("jobId", text(body.getValue("jobId")));
    item.put("agentId", text(body.getValue("agentId")));
    item.put("role", body.getValue("role") instanceof String role ? role : null);
    return item;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
