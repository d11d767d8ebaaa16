package io.agentry.node.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One GraphQL subscription over {@code graphql-transport-ws} against a node in another JVM, with
 * the JDK's WebSocket client: connection_init with the probe's admin key, subscribe, and collect
 * every {@code next} payload's data in order.
 */
public final class SubscriptionProbe implements AutoCloseable {

  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> acked = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile String closeReason;
  private WebSocket socket;

  private SubscriptionProbe() {}

  public static SubscriptionProbe subscribe(int port, String query) throws Exception {
    SubscriptionProbe probe = new SubscriptionProbe();
    probe.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("graphql-transport-ws")
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/graphql"), probe.listener())
            .get(10, TimeUnit.SECONDS);
    probe.send(
        new JsonObject()
            .put("type", "connection_init")
            .put(
                "payload",
                new JsonObject()
                    .put("authorization", "Bearer " + GraphQLProbe.adminTokenForTests())));
    probe.acked.get(10, TimeUnit.SECONDS);
    probe.send(
        new JsonObject()
            .put("id", "1")
            .put("type", "subscribe")
            .put("payload", new JsonObject().put("query", query)));
    return probe;
  }

  /** The {@code data} of every {@code next} message so far. */
  public List<JsonObject> received() {
    return List.copyOf(received);
  }

  public String closeReason() {
    return closeReason;
  }

  private void send(JsonObject message) throws Exception {
    socket.sendText(message.encode(), true).get(5, TimeUnit.SECONDS);
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          JsonObject message = new JsonObject(partial.toString());
          partial.setLength(0);
          switch (message.getString("type")) {
            case "connection_ack" -> acked.complete(null);
            case "next" -> received.add(message.getJsonObject("payload").getJsonObject("data"));
            case "ping" -> ws.sendText(new JsonObject().put("type", "pong").encode(), true);
            default -> {}
          }
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = statusCode + " " + reason;
        acked.completeExceptionally(new IllegalStateException("closed: " + closeReason));
        return null;
      }
    };
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
