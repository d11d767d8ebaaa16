package io.agentry.core.llm.replay;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.openai.ChatCompletionsCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model turns of a run, in order: each the request as sent on the wire (model, messages, tools,
 * parameters) and the response the model gave. Saved as one JSON file so that a run can be replayed
 * without a model ({@link ReplayProvider}) and read by people.
 */
public final class ModelRecording {

  /** One request/response pair. */
  public record Turn(JsonObject request, JsonObject response) {}

  private static final int FORMAT = 1;

  private final List<Turn> turns = new ArrayList<>();

  public static ModelRecording empty() {
    return new ModelRecording();
  }

  public synchronized void add(String model, ChatRequest request, ChatResponse response) {
    turns.add(
        new Turn(ChatCompletionsCodec.encodeRequest(model, request), response.toJson().copy()));
  }

  public synchronized List<Turn> turns() {
    return List.copyOf(turns);
  }

  public synchronized JsonObject toJson() {
    JsonArray array = new JsonArray();
    turns.forEach(
        t -> array.add(new JsonObject().put("request", t.request()).put("response", t.response())));
    return new JsonObject().put("format", FORMAT).put("turns", array);
  }

  public static ModelRecording fromJson(JsonObject json) {
    if (json.getInteger("format", 0) != FORMAT) {
      throw new IllegalArgumentException("not a model recording of format " + FORMAT);
    }
    ModelRecording recording = new ModelRecording();
    for (Object item : json.getJsonArray("turns")) {
      JsonObject turn = (JsonObject) item;
      recording.turns.add(new Turn(turn.getJsonObject("request"), turn.getJsonObject("response")));
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
}
