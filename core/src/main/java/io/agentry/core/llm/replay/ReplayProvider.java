package io.agentry.core.llm.replay;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelCallException;
import io.agentry.core.llm.ModelProvider;
import io.agentry.core.llm.openai.ChatCompletionsCodec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Answers calls from a {@link ModelRecording}, turn by turn, without any model. Each request must
 * match the recorded one (model, messages and tools); a run that goes another way than the recorded
 * one fails with {@code MODEL_ERROR} naming the turn, rather than getting answers meant for
 * different questions. Streamed calls get the recorded text as one delta.
 */
public final class ReplayProvider implements ModelProvider {

  private static final List<String> COMPARED = List.of("model", "messages", "tools");

  private final String name;
  private final List<ModelRecording.Turn> turns;
  private final AtomicInteger next = new AtomicInteger();

  private ReplayProvider(String name, List<ModelRecording.Turn> turns) {
    this.name = name;
    this.turns = turns;
  }

  /** Replays {@code recording} under the provider name the routes use. */
  public static ReplayProvider of(String name, ModelRecording recording) {
    return new ReplayProvider(name, recording.turns());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<ChatResponse> complete(
      String model, ChatRequest request, Consumer<String> onDelta) {
    int index = next.getAndIncrement();
    if (index >= turns.size()) {
      return Future.failedFuture(
          ModelCallException.malformed(
              "replay has only " + turns.size() + " turns; call " + (index + 1) + " has none"));
    }
    ModelRecording.Turn turn = turns.get(index);
    JsonObject asked = ChatCompletionsCodec.encodeRequest(model, request);
    for (String field : COMPARED) {
      Object recorded = turn.request().getValue(field);
      Object now = asked.getValue(field);
      if (!String.valueOf(recorded).equals(String.valueOf(now))) {
        return Future.failedFuture(
            ModelCallException.malformed(
                "replay diverged at turn "
                    + (index + 1)
                    + ": '"
                    + field
                    + "' differs from the recording"));
      }
    }
    ChatResponse response = ChatResponse.fromJson(turn.response());
    if (request.stream() && !response.content().isEmpty()) {
      onDelta.accept(response.content());
    }
    return Future.succeededFuture(response);
  }

  /** Turns not yet replayed. */
  public int remaining() {
    return Math.max(0, turns.size() - next.get());
  }
}
