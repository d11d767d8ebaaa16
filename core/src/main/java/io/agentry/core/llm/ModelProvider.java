package io.agentry.core.llm;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * One attempt at a chat completion against one provider. Implementations speak a protocol (see
 * {@code openai.OpenAiCompatibleProvider}) or replay a recording; retries, routing, budgets and
 * caching are the {@link ModelClient}'s business, not theirs.
 */
public interface ModelProvider {

  /** The provider's name as used in routes and prices, e.g. {@code ollama}. */
  String name();

  /**
   * Asks {@code model} once. When {@code request.stream()} is set, text deltas are handed to {@code
   * onDelta} in order as they arrive. Fails with {@link ModelCallException}.
   */
  Future<ChatResponse> complete(String model, ChatRequest request, Consumer<String> onDelta);
}
