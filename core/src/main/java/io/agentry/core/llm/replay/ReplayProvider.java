package io.agentry.core.llm.replay;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelCallException;
import io.agentry.core.llm.ModelProvider;
import io.agentry.core.llm.openai.ChatCompletionsCodec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Answers calls from a {@link ModelRecording} without any model. Streamed calls get the recorded
 * text as one delta. Two ways to match a call to a recorded turn:
 *
 * <ul>
 *   <li><b>Strict</b> ({@link #of}), for reproduction tests: turn by turn in recorded order, and
 *       each request must equal the recorded one (model, messages and tools). A run that goes
 *       another way fails with {@code MODEL_ERROR} naming the turn, rather than getting answers
 *       meant for different questions.
 *   <li><b>Lenient</b> ({@link #lenient}), for demos: a real run differs from the recorded one in
 *       ways that do not change what the model is asked to do — ids, workspace paths, durations and
 *       timestamps in tool outputs and test reports, what the knowledge graph remembers from
 *       earlier runs, the goal's exact wording. So a call is matched by its <em>shape</em> only:
 *       the agent role that asks, the roles of the conversation's messages in order with the names
 *       of the tools each assistant message called, and the names of the tools offered. Contents
 *       are ignored, except to choose among several recorded turns of the same shape (the one whose
 *       messages share the longest prefixes with the call's wins, the earliest on a tie). Matching
 *       keeps no cursor, so the same recording answers any number of runs, one after another or at
 *       the same time, and a resumed step. A call of a shape the recording never saw fails with
 *       {@code MODEL_ERROR} describing the shape. What the replay cannot do is think: every goal
 *       gets the recorded answers.
 * </ul>
 */
public final class ReplayProvider implements ModelProvider {

  private static final List<String> COMPARED = List.of("model", "messages", "tools");

  /** What a lenient replay compares; see the class comment. */
  record Shape(String role, List<String> messages, List<String> tools) {
    static Shape of(String role, JsonObject request) {
      List<String> messages = new ArrayList<>();
      for (Object item : request.getJsonArray("messages", new JsonArray())) {
        JsonObject message = (JsonObject) item;
        String kind = message.getString("role", "?");
        JsonArray calls = message.getJsonArray("tool_calls");
        if (calls != null && !calls.isEmpty()) {
          List<String> names = new ArrayList<>();
          calls.forEach(c -> names.add(functionName((JsonObject) c)));
          kind += names;
        }
        messages.add(kind);
      }
      List<String> tools = new ArrayList<>();
      request
          .getJsonArray("tools", new JsonArray())
          .forEach(t -> tools.add(functionName((JsonObject) t)));
      tools.sort(null);
      return new Shape(role == null ? "" : role, List.copyOf(messages), List.copyOf(tools));
    }

    boolean matches(Shape recorded) {
      boolean sameRole = recorded.role.isEmpty() || role.isEmpty() || recorded.role.equals(role);
      return sameRole && recorded.messages.equals(messages) && recorded.tools.equals(tools);
    }

    @Override
    public String toString() {
      return (role.isEmpty() ? "a" : "a " + role)
          + " call with messages "
          + messages
          + " and tools "
          + tools;
    }

    private static String functionName(JsonObject json) {
      JsonObject function = json.getJsonObject("function");
      return function == null ? "?" : function.getString("name", "?");
    }
  }

  private final String name;
  private final List<ModelRecording.Turn> turns;
  private final boolean lenient;
  private final List<Shape> shapes;
  private final AtomicInteger next = new AtomicInteger();

  private ReplayProvider(String name, List<ModelRecording.Turn> turns, boolean lenient) {
    this.name = name;
    this.turns = turns;
    this.lenient = lenient;
    this.shapes = turns.stream().map(t -> Shape.of(t.role(), t.request())).toList();
  }

  /** Replays {@code recording} strictly, in order, under the provider name the routes use. */
  public static ReplayProvider of(String name, ModelRecording recording) {
    return new ReplayProvider(name, recording.turns(), false);
  }

  /** Answers each call with the recorded turn of the same shape; see the class comment. */
  public static ReplayProvider lenient(String name, ModelRecording recording) {
    return new ReplayProvider(name, recording.turns(), true);
  }

  @Override
  public String name() {
    return name;
  }

  public boolean isLenient() {
    return lenient;
  }

  @Override
  public Future<ChatResponse> complete(
      String model, ChatRequest request, Consumer<String> onDelta) {
    JsonObject asked = ChatCompletionsCodec.encodeRequest(model, request);
    ModelRecording.Turn turn;
    try {
      turn = lenient ? byShape(request.context().role(), asked) : inOrder(asked);
    } catch (ModelCallException e) {
      return Future.failedFuture(e);
    }
    ChatResponse response = ChatResponse.fromJson(turn.response());
    if (request.stream() && !response.content().isEmpty()) {
      onDelta.accept(response.content());
    }
    return Future.succeededFuture(response);
  }

  /** Turns not yet replayed (strict); a lenient replay never runs out. */
  public int remaining() {
    return lenient ? turns.size() : Math.max(0, turns.size() - next.get());
  }

  private ModelRecording.Turn inOrder(JsonObject asked) {
    int index = next.getAndIncrement();
    if (index >= turns.size()) {
      throw ModelCallException.malformed(
          "replay has only " + turns.size() + " turns; call " + (index + 1) + " has none");
    }
    ModelRecording.Turn turn = turns.get(index);
    for (String field : COMPARED) {
      Object recorded = turn.request().getValue(field);
      Object now = asked.getValue(field);
      if (!String.valueOf(recorded).equals(String.valueOf(now))) {
        throw ModelCallException.malformed(
            "replay diverged at turn "
                + (index + 1)
                + ": '"
                + field
                + "' differs from the recording");
      }
    }
    return turn;
  }

  private ModelRecording.Turn byShape(String role, JsonObject asked) {
    Shape shape = Shape.of(role, asked);
    ModelRecording.Turn best = null;
    long bestScore = -1;
    for (int i = 0; i < turns.size(); i++) {
      if (!shape.matches(shapes.get(i))) {
        continue;
      }
      long score = sharedPrefixes(turns.get(i).request(), asked);
      if (score > bestScore) {
        best = turns.get(i);
        bestScore = score;
      }
    }
    if (best == null) {
      throw ModelCallException.malformed(
          "replay has no recorded answer for "
              + shape
              + " (the recording has "
              + turns.size()
              + " turns)");
    }
    return best;
  }

  /** Characters the two conversations' messages share at their starts, summed over messages. */
  private static long sharedPrefixes(JsonObject recorded, JsonObject asked) {
    JsonArray a = recorded.getJsonArray("messages", new JsonArray());
    JsonArray b = asked.getJsonArray("messages", new JsonArray());
    long total = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = String.valueOf(a.getJsonObject(i).getValue("content"));
      String y = String.valueOf(b.getJsonObject(i).getValue("content"));
      int n = Math.min(x.length(), y.length());
      int k = 0;
      while (k < n && x.charAt(k) == y.charAt(k)) {
        k++;
      }
      total += k;
    }
    return total;
  }
}
