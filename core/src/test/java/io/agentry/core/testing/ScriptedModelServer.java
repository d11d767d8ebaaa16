package io.agentry.core.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local, protocol-exact OpenAI chat-completions server for tests: {@code POST
 * /v1/chat/completions} on 127.0.0.1 and an ephemeral port, answering each request with the next
 * {@link ScriptedTurn} — as one JSON body, or as Server-Sent Events when the request asks to stream
 * (chunks with {@code delta}s, tool calls split by {@code index}, a usage chunk when {@code
 * stream_options.include_usage} is set, then {@code data: [DONE]}). It records every request so
 * tests can check what the client sent. When the script runs out it answers 500.
 */
public final class ScriptedModelServer {

  /** A request as received, with the time it arrived. */
  public record Received(JsonObject body, String authorization, long receivedAtNanos) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final Queue<ScriptedTurn> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private int completions;

  private ScriptedModelServer(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
  }

  public static Future<ScriptedModelServer> start(Vertx vertx) {
    ScriptedModelServer scripted = new ScriptedModelServer(vertx);
    return scripted.server.requestHandler(scripted::handle).listen().map(s -> scripted);
  }

  /** The base URL to configure as a provider, e.g. {@code http://127.0.0.1:41234/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  public ScriptedModelServer enqueue(ScriptedTurn... turns) {
    script.addAll(List.of(turns));
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<JsonObject> requests() {
    return received.stream().map(Received::body).toList();
  }

  /** Forgets the turns not yet played. */
  public void clearScript() {
    script.clear();
  }

  public int remainingTurns() {
    return script.size();
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    long arrived = System.nanoTime();
    request
        .body()
        .onSuccess(
            buffer -> {
              if (!request.path().equals("/v1/chat/completions")) {
                request.response().setStatusCode(404).end();
                return;
              }
              JsonObject body;
              try {
                body = new JsonObject(buffer);
              } catch (DecodeException e) {
                request.response().setStatusCode(400).end("{\"error\":\"body is not JSON\"}");
                return;
              }
              received.add(new Received(body, request.getHeader("Authorization"), arrived));
              ScriptedTurn turn = script.poll();
              if (turn == null) {
                request.response().setStatusCode(500).end("{\"error\":\"script exhausted\"}");
                return;
              }
              if (turn.delay().isZero()) {
                answer(request.response(), body, turn);
              } else {
                vertx.setTimer(
                    turn.delay().toMillis(), id -> answer(request.response(), body, turn));
              }
            });
  }

  private void answer(HttpServerResponse response, JsonObject request, ScriptedTurn turn) {
    if (response.closed()) {
      return; // the client gave up (e.g. timed out)
    }
    String id = "chatcmpl-scripted-" + (++completions);
    boolean stream = request.getBoolean("stream", false);
    switch (turn.kind()) {
      case ERROR -> {
        response.setStatusCode(turn.status()).putHeader("Content-Type", "application/json");
        if (turn.retryAfter() != null) {
          response.putHeader("Retry-After", turn.retryAfter());
        }
        response.end(turn.body() == null ? "" : turn.body());
      }
      case MALFORMED -> {
        if (stream) {
          response.putHeader("Content-Type", "text/event-stream");
          response.end("data: " + turn.body() + "\n\n");
        } else {
          response.putHeader("Content-Type", "application/json").end(turn.body());
        }
      }
      case TEXT, TOOL_CALLS -> {
        if (stream) {
          stream(response, request, turn, id);
        } else {
          response
              .putHeader("Content-Type", "application/json")
              .end(completion(request, turn, id).encode());
        }
      }
    }
  }

  private JsonObject completion(JsonObject request, ScriptedTurn turn, String id) {
    JsonObject message = new JsonObject().put("role", "assistant");
    boolean saysSomething = turn.text() != null && !turn.text().isEmpty();
    message.put(
        "content", turn.kind() == ScriptedTurn.Kind.TEXT || saysSomething ? turn.text() : null);
    if (turn.kind() == ScriptedTurn.Kind.TOOL_CALLS) {
      JsonArray calls = new JsonArray();
      for (ScriptedTurn.Call call : turn.calls()) {
        calls.add(
            new JsonObject()
                .put("id", call.id())
                .put("type", "function")
                .put(
                    "function",
                    new JsonObject().put("name", call.name()).put("arguments", call.arguments())));
      }
      message.put("tool_calls", calls);
    }
    JsonObject completion =
        new JsonObject()
            .put("id", id)
            .put("object", "chat.completion")
            .put("created", System.currentTimeMillis() / 1000)
            .put("model", request.getString("model"))
            .put(
                "choices",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("index", 0)
                            .put("message", message)
                            .put("finish_reason", finishReason(turn))));
    if (!turn.omitUsage()) {
      completion.put("usage", usage(request, turn));
    }
    return completion;
  }

  private void stream(
      HttpServerResponse response, JsonObject request, ScriptedTurn turn, String id) {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream");
    List<JsonObject> deltas = new ArrayList<>();
    deltas.add(new JsonObject().put("role", "assistant").put("content", ""));
    if (turn.kind() == ScriptedTurn.Kind.TEXT) {
      for (String piece : pieces(turn.text(), turn.chunkSize())) {
        deltas.add(new JsonObject().put("content", piece));
      }
    } else {
      // Text that comes with tool calls streams first, as providers send it.
      for (String piece : pieces(turn.text() == null ? "" : turn.text(), turn.chunkSize())) {
        deltas.add(new JsonObject().put("content", piece));
      }
      deltas.addAll(toolCallDeltas(turn));
    }
    String model = request.getString("model");
    for (JsonObject delta : deltas) {
      send(response, chunk(id, model, delta, null));
    }
    send(response, chunk(id, model, new JsonObject(), finishReason(turn)));
    JsonObject options = request.getJsonObject("stream_options", new JsonObject());
    if (options.getBoolean("include_usage", false) && !turn.omitUsage()) {
      send(
          response,
          chunk(id, model, null, null)
              .put("choices", new JsonArray())
              .put("usage", usage(request, turn)));
    }
    response.end("data: [DONE]\n\n");
  }

  /**
   * First each call's id and name (arguments empty), then arguments piece by piece, interleaved.
   */
  private static List<JsonObject> toolCallDeltas(ScriptedTurn turn) {
    List<JsonObject> deltas = new ArrayList<>();
    List<List<String>> argumentPieces = new ArrayList<>();
    for (int i = 0; i < turn.calls().size(); i++) {
      ScriptedTurn.Call call = turn.calls().get(i);
      JsonObject function = new JsonObject().put("name", call.name()).put("arguments", "");
      deltas.add(
          toolDelta(
              new JsonObject()
                  .put("index", i)
                  .put("id", call.id())
                  .put("type", "function")
                  .put("function", function)));
      argumentPieces.add(pieces(call.arguments(), turn.chunkSize()));
    }
    boolean more = true;
    for (int round = 0; more; round++) {
      more = false;
      for (int i = 0; i < argumentPieces.size(); i++) {
        if (round < argumentPieces.get(i).size()) {
          more = true;
          JsonObject function = new JsonObject().put("arguments", argumentPieces.get(i).get(round));
          deltas.add(toolDelta(new JsonObject().put("index", i).put("function", function)));
        }
      }
    }
    return deltas;
  }

  private static JsonObject toolDelta(JsonObject piece) {
    return new JsonObject().put("tool_calls", new JsonArray().add(piece));
  }

  private static JsonObject chunk(String id, String model, JsonObject delta, String finishReason) {
    JsonObject choice =
        new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason);
    return new JsonObject()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", model)
        .put("choices", new JsonArray().add(choice));
  }

  private static void send(HttpServerResponse response, JsonObject chunk) {
    response.write(Buffer.buffer("data: " + chunk.encode() + "\n\n"));
  }

  private static JsonObject usage(JsonObject request, ScriptedTurn turn) {
    long input =
        turn.inputTokens() != null
            ? turn.inputTokens()
            : (request.getJsonArray("messages").encode().length() + 3) / 4;
    long output =
        turn.outputTokens() != null ? turn.outputTokens() : (outputCharacters(turn) + 3) / 4;
    return new JsonObject()
        .put("prompt_tokens", input)
        .put("completion_tokens", output)
        .put("total_tokens", input + output);
  }

  private static long outputCharacters(ScriptedTurn turn) {
    long chars = turn.text() == null ? 0 : turn.text().length();
    for (ScriptedTurn.Call call : turn.calls()) {
      chars += call.name().length() + call.arguments().length();
    }
    return chars;
  }

  private static String finishReason(ScriptedTurn turn) {
    return turn.kind() == ScriptedTurn.Kind.TOOL_CALLS ? "tool_calls" : "stop";
  }

  private static List<String> pieces(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int start = 0; start < text.length(); start += size) {
      pieces.add(text.substring(start, Math.min(text.length(), start + size)));
    }
    return pieces;
  }
}
