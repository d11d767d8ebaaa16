package io.agentry.core.llm.replay;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelProvider;
import io.vertx.core.Future;
import java.util.function.Consumer;

/** Passes calls through to a real provider and adds every answered turn to a recording. */
public final class RecordingProvider implements ModelProvider {

  private final ModelProvider delegate;
  private final ModelRecording recording;
  private final Runnable afterTurn;

  private RecordingProvider(ModelProvider delegate, ModelRecording recording, Runnable afterTurn) {
    this.delegate = delegate;
    this.recording = recording;
    this.afterTurn = afterTurn;
  }

  public static RecordingProvider wrap(ModelProvider delegate, ModelRecording recording) {
    return new RecordingProvider(delegate, recording, () -> {});
  }

  /**
   * Like {@link #wrap(ModelProvider, ModelRecording)}, running {@code afterTurn} after each add.
   */
  public static RecordingProvider wrap(
      ModelProvider delegate, ModelRecording recording, Runnable afterTurn) {
    return new RecordingProvider(delegate, recording, afterTurn);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Future<ChatResponse> complete(
      String model, ChatRequest request, Consumer<String> onDelta) {
    return delegate
        .complete(model, request, onDelta)
        .onSuccess(
            response -> {
              recording.add(model, request, response);
              afterTurn.run();
            });
  }

  public ModelRecording recording() {
    return recording;
  }
}
