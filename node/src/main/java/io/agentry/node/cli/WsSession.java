package io.agentry.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code graphql-transport-ws} connection with the JDK's WebSocket client: {@code
 * connection_init} with the API key, then subscriptions whose messages arrive as {@link Signal}s on
 * the follower's queue, each tagged with this session so that a late message of a dropped
 * connection is told apart from the current one's.
 */
final class WsSession {

  /** What a session reports to its follower. */
  sealed interface Signal {
    WsSession session();
  }

  record Next(WsSession session, String id, JsonObject data) implements Signal {}

  /** A subscription ended with errors (the node refused it). */
  record Failed(WsSession session, String id, String message) implements Signal {}

  record Closed(WsSession session, String reason) implements Signal {}

  /** Close codes after which trying again is pointless: bad key, invalid message. */
  static boolean refused(int code) {
    return code == 4403 || code == 4400 || code == 4401;
  }

  private final BlockingQueue<Signal> signals;
  private final CompletableFuture<Void> acked = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean closed;

  private WsSession(BlockingQueue<Signal> signals) {
    this.signals = signals;
  }

  /**
   * Connects and waits for {@code connection_ack}. A refused key fails for good and says so;
   * anything else fails as {@link CliException#retryable()}.
   */
  static WsSession open(
      HttpClient http, URI uri, String token, BlockingQueue<Signal> signals, Duration timeout)
      throws CliException, InterruptedException {
    WsSession session = new WsSession(signals);
    try {
      session.socket =
          http.newWebSocketBuilder()
              .subprotocols("graphql-transport-ws")
              .connectTimeout(timeout)
              .buildAsync(uri, session.listener())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      session.send(
          new JsonObject()
              .put("type", "connection_init")
              .put("payload", new JsonObject().put("authorization", "Bearer " + token)));
      session.acked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return session;
    } catch (ExecutionException | TimeoutException e) {
      session.abort();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof Refused refused) {
        throw new CliException(AgentryCli.EXIT_API_ERROR, refused.getMessage());
      }
      // Not refused: the node is away or slow, which the follower tries again.
      throw ApiClient.unreachable(uri, cause instanceof Exception ex ? ex : e);
    }
  }

  void subscribe(String id, String query, JsonObject variables) {
    send(
        new JsonObject()
            .put("id", id)
            .put("type", "subscribe")
            .put("payload", new JsonObject().put("query", query).put("variables", variables)));
  }

  /** A protocol-level ping: the node answers with a pong, which proves the connection alive. */
  void ping() {
    send(new JsonObject().put("type", "ping"));
  }

  Duration silentFor() {
    return Duration.ofNanos(System.nanoTime() - lastHeardNanos);
  }

  void close() {
    closed = true;
    WebSocket ws = socket;
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** Drops the connection at once (it is dead or not wanted any more). */
  void abort() {
    closed = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }

  private void send(JsonObject message) {
    WebSocket ws = socket;
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendText(message.encode(), true);
    }
  }

  private void report(Signal signal) {
    if (!closed || signal instanceof Closed) {
      signals.add(signal);
    }
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        lastHeardNanos = System.nanoTime();
        partial.append(data);
        if (last) {
          String text = partial.toString();
          partial.setLength(0);
          onMessage(new JsonObject(text));
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        String why = code + (reason == null || reason.isEmpty() ? "" : " " + reason);
        if (refused(code)) {
          acked.completeExceptionally(
              new Refused("the node refused the connection: " + why + " (is the API key right?)"));
        } else {
          acked.completeExceptionally(new IllegalStateException("closed: " + why));
        }
        report(new Closed(WsSession.this, "closed by the node (" + why + ")"));
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        acked.completeExceptionally(error);
        report(new Closed(WsSession.this, "connection lost (" + error + ")"));
      }
    };
  }

  private void onMessage(JsonObject message) {
    switch (message.getString("type", "")) {
      case "connection_ack" -> acked.complete(null);
      case "ping" -> send(new JsonObject().put("type", "pong"));
      case "next" ->
          report(
              new Next(
                  this,
                  message.getString("id"),
                  message.getJsonObject("payload", new JsonObject()).getJsonObject("data")));
      case "error" -> report(new Failed(this, message.getString("id"), errors(message)));
      default -> {}
    }
  }

  /** The first GraphQL error of an {@code error} message, as CODE: message. */
  private static String errors(JsonObject message) {
    if (message.getValue("payload") instanceof JsonArray errors
        && !errors.isEmpty()
        && errors.getValue(0) instanceof JsonObject first) {
      JsonObject extensions = first.getJsonObject("extensions", new JsonObject());
      return extensions.getString("code", "ERROR") + ": " + first.getString("message", "");
    }
    return String.valueOf(message.getValue("payload"));
  }

  /** The node closed the connection in a way that retrying will not change. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }
}
