package io.agentry.core.llm.replay;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.openai.ChatCompletionsCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model turns of a run, in order: each the request as sent on the wire (model, messages, tools,
 * parameters), the agent role it was asked for, and the response the model gave. Saved as one JSON
 * file so that a run can be replayed without a model ({@link ReplayProvider}) and read by people.
 */
public final class ModelRecording {

  /**
   * One request/response pair; {@code role} is the calling agent's role ({@code architect}, {@code
   * coder}, …), empty when the call had none or the recording predates it.
   */
  public record Turn(JsonObject request, JsonObject response, String role) {
    public Turn {
      role = role == null ? "" : role;
    }

    public Turn(JsonObject request, JsonObject response) {
      this(request, response, "");
    }
  }

  /** A location naming a resource on the class path rather than a file. */
  public static final String CLASSPATH = "classpath:";

  private static final int FORMAT = 1;

  private final List<Turn> turns = new ArrayList<>();

  public static ModelRecording empty() {
    return new ModelRecording();
  }

  public synchronized void add(String model, ChatRequest request, ChatResponse response) {
    turns.add(
        new Turn(
            ChatCompletionsCodec.encodeRequest(model, request),
            response.toJson().copy(),
            request.context().role()));
  }

  public synchronized List<Turn> turns() {
    return List.copyOf(turns);
  }

  public synchronized JsonObject toJson() {
    JsonArray array = new JsonArray();
    turns.forEach(
        t -> {
          JsonObject turn = new JsonObject();
          if (!t.role().isEmpty()) {
            turn.put("role", t.role());
          }
          array.add(turn.put("request", t.request()).put("response", t.response()));
        });
    return new JsonObject().put("format", FORMAT).put("turns", array);
  }

  public static ModelRecording fromJson(JsonObject json) {
    if (json.getInteger("format", 0) != FORMAT) {
      throw new IllegalArgumentException("not a model recording of format " + FORMAT);
    }
    ModelRecording recording = new ModelRecording();
    for (Object item : json.getJsonArray("turns")) {
      JsonObject turn = (JsonObject) item;
      recording.turns.add(
          new Turn(
              turn.getJsonObject("request"),
              turn.getJsonObject("response"),
              turn.getString("role", "")));
    }
    return recording;
  }

  public Future<Void> save(Vertx vertx, Path file) {
    return vertx.fileSystem().writeFile(file.toString(), toJson().toBuffer().appendString("\n"));
  }

  public static Future<ModelRecording> load(Vertx vertx, Path file) {
    return vertx
        .fileSystem()
        .readFile(file.toString())
        .map(buffer -> fromJson(new JsonObject(buffer)));
  }

  /**
   * Loads {@code location}: a file path, or {@code classpath:NAME} for a resource shipped in a jar
   * (the demo's recording). Fails with an {@link IllegalArgumentException} naming the location when
   * it is missing or not a recording.
   */
  public static Future<ModelRecording> load(Vertx vertx, String location) {
    Future<Buffer> read;
    if (location.startsWith(CLASSPATH)) {
      String resource = location.substring(CLASSPATH.length());
      read = vertx.executeBlocking(() -> readResource(resource));
    } else {
      read = vertx.fileSystem().readFile(location);
    }
    return read.transform(
        done -> {
          if (done.failed()) {
            return Future.failedFuture(
                new IllegalArgumentException(
                    "cannot read model recording " + location + ": " + done.cause().getMessage()));
          }
          try {
            return Future.succeededFuture(fromJson(new JsonObject(done.result())));
          } catch (RuntimeException e) {
            return Future.failedFuture(
                new IllegalArgumentException(
                    "model recording " + location + " is unusable: " + e.getMessage()));
          }
        });
  }

  private static Buffer readResource(String resource) throws IOException {
    ClassLoader loader = ModelRecording.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no resource " + resource + " on the class path");
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }
}
