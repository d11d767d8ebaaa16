package io.agentry.api.ws;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.reactive.SubscriptionPublisher;
import io.agentry.api.auth.Gatekeeper;
import io.agentry.api.graphql.ApiContext;
import io.agentry.api.graphql.ApiServices;
import io.agentry.api.graphql.GraphQLFactory;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One {@code graphql-transport-ws} connection
 * (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md). Close codes: 4400 invalid
 * message, 4401 subscribe before acknowledgement, 4403 bad key in {@code connection_init}, 4408 no
 * {@code connection_init} in time, 4409 a subscription id already in use, 4429 a second {@code
 * connection_init}. Everything runs on the socket's context, except what {@link
 * SharedSubscriptions} calls on its own.
 */
final class WsConnection {

  private static final Subscription PENDING =
      new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      };

  /**
   * Frames of shared subscriptions a connection may leave unwritten (the client reads too slowly)
   * before they end with {@code UNAVAILABLE}: a shared stream does not wait for its slowest member.
   * The client resumes with {@code afterSeq}.
   */
  static final int MAX_PENDING_FRAMES = 10_000;

  private final ServerWebSocket socket;
  private final GraphQL graphQL;
  private final ApiServices services;
  private final Gatekeeper gatekeeper;
  private final SharedSubscriptions shared;
  private final long initTimeoutMs;
  private final Context context;
  private final Map<String, Subscription> operations = new HashMap<>();

  /** Frames of shared subscriptions handed to the socket and not yet written out. */
  private final AtomicInteger pendingFrames = new AtomicInteger();

  private boolean initReceived;
  private Principal principal;
  private long initTimer;
  private boolean closed;

  WsConnection(
      ServerWebSocket socket,
      GraphQL graphQL,
      ApiServices services,
      Gatekeeper gatekeeper,
      SharedSubscriptions shared,
      long initTimeoutMs) {
    this.socket = socket;
    this.graphQL = graphQL;
    this.services = services;
    this.gatekeeper = gatekeeper;
    this.shared = shared;
    this.initTimeoutMs = initTimeoutMs;
    this.context = services.vertx().getOrCreateContext();
  }

  void open() {
    initTimer =
        services
            .vertx()
            .setTimer(
                initTimeoutMs,
                t -> {
                  if (principal == null) {
                    close(4408, "Connection initialisation timeout");
                  }
                });
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(b -> close(4400, "Binary messages are not supported"));
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> close(4400, "Invalid message"));
  }

  private void onText(String text) {
    JsonObject message;
    try {
      if (!(Json.decodeValue(text) instanceof JsonObject object)) {
        close(4400, "Invalid message: not a JSON object");
        return;
      }
      message = object;
    } catch (DecodeException e) {
      close(4400, "Invalid message: not JSON");
      return;
    }
    if (!(message.getValue("type") instanceof String type)) {
      close(4400, "Invalid message: no type");
      return;
    }
    switch (type) {
      case "connection_init" -> onInit(message);
      case "ping" -> send(new JsonObject().put("type", "pong"));
      case "pong" -> {}
      case "subscribe" -> onSubscribe(message);
      case "complete" -> onComplete(message);
      default -> close(4400, "Invalid message type: " + type);
    }
  }

  private void onInit(JsonObject message) {
    if (initReceived) {
      close(4429, "Too many initialisation requests");
      return;
    }
    initReceived = true;
    JsonObject payload = message.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
    String credential = firstString(payload, "authorization", "Authorization", "token", "apiKey");
    gatekeeper
        .authenticate(credential)
        .onSuccess(
            who -> {
              services.vertx().cancelTimer(initTimer);
              principal = who;
              send(new JsonObject().put("type", "connection_ack"));
            })
        .onFailure(e -> close(4403, "Forbidden"));
  }

  private void onSubscribe(JsonObject message) {
    if (principal == null) {
      close(4401, "Unauthorized");
      return;
    }
    if (!(message.getValue("id") instanceof String id) || id.isEmpty()) {
      close(4400, "Invalid message: subscribe needs an id");
      return;
    }
    if (!(message.getValue("payload") instanceof JsonObject payload)
        || !(payload.getValue("query") instanceof String query)) {
      close(4400, "Invalid message: subscribe needs payload.query");
      return;
    }
    if (operations.putIfAbsent(id, PENDING) != null) {
      close(4409, "Subscriber for " + id + " already exists");
      return;
    }
    Principal who = principal;
    gatekeeper
        .admit(who)
        .onSuccess(ok -> execute(id, payload, query, who))
        .onFailure(
            e -> {
              operations.remove(id);
              sendErrors(id, List.of(coded(e)));
            });
  }

  private void execute(String id, JsonObject payload, String query, Principal who) {
    ExecutionInput.Builder input =
        ExecutionInput.newExecutionInput()
            .query(query)
            .operationName(payload.getString("operationName"))
            .graphQLContext(b -> ApiContext.put(b, who))
            .dataLoaderRegistry(GraphQLFactory.loaders(services, who));
    if (variables(payload) != null) {
      input.variables(variables(payload));
    }
    graphQL
        .executeAsync(input.build())
        .whenComplete(
            (result, error) ->
                context.runOnContext(
                    v -> {
                      if (!operations.containsKey(id) || closed) {
                        cancelIfPublisher(result);
                      } else if (error != null) {
                        operations.remove(id);
                        sendErrors(id, List.of(coded(error)));
                      } else if (result.getData() instanceof SubscriptionPublisher publisher) {
                        SharedOperation operation = new SharedOperation(id);
                        operations.put(id, operation);
                        shared.subscribe(
                            operation,
                            new SubscriptionRequest(
                                query, payload.getString("operationName"), variables(payload), who),
                            publisher.getUpstreamPublisher());
                      } else if (result.getData() instanceof Publisher<?> publisher) {
                        stream(id, publisher);
                      } else if (!result.isDataPresent()) {
                        operations.remove(id);
                        sendErrors(
                            id,
                            new JsonObject(result.toSpecification())
                                .getJsonArray("errors")
                                .getList());
                      } else {
                        operations.remove(id);
                        next(id, result);
                        send(new JsonObject().put("id", id).put("type", "complete"));
                      }
                    }));
  }

  private static Map<String, Object> variables(JsonObject payload) {
    return payload.getValue("variables") instanceof JsonObject variables
        ? variables.getMap()
        : null;
  }

  /** A subscription served by a shared group; cancelling it leaves the group. */
  private final class SharedOperation extends SharedSubscriptions.Member implements Subscription {
    private final String id;
    private final String prefix;

    SharedOperation(String id) {
      this.id = id;
      this.prefix = "{\"id\":" + Json.encode(id) + ",\"type\":\"next\",\"payload\":";
    }

    /** False once the operation ended; read on the hub's thread. */
    private volatile boolean open = true;

    /** Called on the hub's context: only thread-safe socket calls here. */
    @Override
    void next(String payload) {
      if (!open) {
        return;
      }
      if (pendingFrames.get() > MAX_PENDING_FRAMES) {
        open = false;
        leave();
        context.runOnContext(
            v -> {
              if (operations.remove(id, this)) {
                sendErrors(
                    id,
                    List.of(
                        coded(
                            new AgentryException(
                                ErrorCode.UNAVAILABLE,
                                "subscriber fell too far behind; subscribe again (with afterSeq ="
                                    + " the last seq seen, where the subscription has one)"))));
              }
            });
        return;
      }
      pendingFrames.incrementAndGet();
      socket
          .writeTextMessage(prefix + payload + "}")
          .onComplete(written -> pendingFrames.decrementAndGet());
    }

    @Override
    void error(List<?> errors) {
      open = false;
      context.runOnContext(
          v -> {
            if (operations.remove(id, this)) {
              sendErrors(id, errors);
            }
          });
    }

    @Override
    void complete() {
      open = false;
      context.runOnContext(
          v -> {
            if (operations.remove(id, this)) {
              send(new JsonObject().put("id", id).put("type", "complete"));
            }
          });
    }

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {
      open = false;
      leave();
    }
  }

  @SuppressWarnings("unchecked")
  private void stream(String id, Publisher<?> publisher) {
    ((Publisher<ExecutionResult>) publisher)
        .subscribe(
            new Subscriber<>() {
              private Subscription subscription;

              @Override
              public void onSubscribe(Subscription s) {
                context.runOnContext(
                    v -> {
                      subscription = s;
                      if (operations.replace(id, PENDING, s)) {
                        s.request(1);
                      } else {
                        s.cancel();
                      }
                    });
              }

              @Override
              public void onNext(ExecutionResult result) {
                context.runOnContext(
                    v -> {
                      if (operations.get(id) == subscription) {
                        next(id, result);
                        subscription.request(1);
                      }
                    });
              }

              @Override
              public void onError(Throwable error) {
                context.runOnContext(
                    v -> {
                      if (operations.remove(id) != null) {
                        sendErrors(id, List.of(coded(error)));
                      }
                    });
              }

              @Override
              public void onComplete() {
                context.runOnContext(
                    v -> {
                      if (operations.remove(id) != null) {
                        send(new JsonObject().put("id", id).put("type", "complete"));
                      }
                    });
              }
            });
  }

  private void onComplete(JsonObject message) {
    if (message.getValue("id") instanceof String id) {
      Subscription s = operations.remove(id);
      if (s != null) {
        s.cancel();
      }
    }
  }

  private void next(String id, ExecutionResult result) {
    send(
        new JsonObject()
            .put("id", id)
            .put("type", "next")
            .put("payload", new JsonObject(result.toSpecification())));
  }

  private void sendErrors(String id, List<?> errors) {
    send(new JsonObject().put("id", id).put("type", "error").put("payload", new JsonArray(errors)));
  }

  static Map<String, Object> coded(Throwable error) {
    Throwable cause =
        error.getCause() != null && !(error instanceof AgentryException) ? error.getCause() : error;
    if (cause instanceof AgentryException e) {
      return Map.of("message", e.getMessage(), "extensions", Map.of("code", e.code().name()));
    }
    if (cause instanceof GraphQLError e) {
      return e.toSpecification();
    }
    return Map.of(
        "message",
        "internal error; see the node's log",
        "extensions",
        Map.of("code", ErrorCode.INTERNAL.name()));
  }

  private static void cancelIfPublisher(ExecutionResult result) {
    if (result != null && result.getData() instanceof Publisher<?> publisher) {
      publisher.subscribe(
          new Subscriber<Object>() {
            @Override
            public void onSubscribe(Subscription s) {
              s.cancel();
            }

            @Override
            public void onNext(Object o) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
          });
    }
  }

  private void send(JsonObject message) {
    if (!closed) {
      socket.writeTextMessage(message.encode());
    }
  }

  private void close(int code, String reason) {
    if (!closed) {
      closed = true;
      socket.close((short) code, reason);
      cancelAll();
    }
  }

  private void onClosed() {
    closed = true;
    services.vertx().cancelTimer(initTimer);
    cancelAll();
  }

  private void cancelAll() {
    operations.values().forEach(Subscription::cancel);
    operations.clear();
  }

  private static String firstString(JsonObject payload, String... keys) {
    for (String key : keys) {
      if (payload.getValue(key) instanceof String value) {
        return value;
      }
    }
    return null;
  }
}
