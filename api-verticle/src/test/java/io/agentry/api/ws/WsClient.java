package io.agentry.api.ws;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare graphql-transport-ws client for black-box tests of the protocol's edges. */
final class WsClient {

  final WebSocket socket;
  final LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

  private WsClient(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
    socket.closeHandler(v -> closeCode.complete((int) socket.closeStatusCode()));
  }

  static WsClient connect(Vertx vertx, int port) {
    WebSocket socket =
        vertx
            .createWebSocketClient()
            .connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI("/graphql")
                    .addSubProtocol(GraphQLWsHandler.SUBPROTOCOL))
            .await();
    return new WsClient(socket);
  }

  WsClient send(JsonObject message) {
    socket.writeTextMessage(message.encode()).await();
    return this;
  }

  WsClient sendText(String text) {
    socket.writeTextMessage(text).await();
    return this;
  }

  WsClient init(String token) {
    send(
        new JsonObject()
            .put("type", "connection_init")
            .put("payload", new JsonObject().put("authorization", "Bearer " + token)));
    return this;
  }

  WsClient subscribe(String id, String query) {
    return send(
        new JsonObject()
            .put("id", id)
            .put("type", "subscribe")
            .put("payload", new JsonObject().put("query", query)));
  }

  JsonObject next(long seconds) throws InterruptedException {
    JsonObject message = messages.poll(seconds, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + seconds + " s");
    }
    return message;
  }

  int awaitClose(long seconds) throws Exception {
    return closeCode.get(seconds, TimeUnit.SECONDS);
  }
}
