package io.agentry.core.llm;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.llm.cache.ResponseCache;
import io.agentry.core.llm.impl.DefaultModelClient;
import io.agentry.core.llm.openai.OpenAiCompatibleProvider;
import io.agentry.core.llm.usage.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Talks to models for agents. A call is routed to a model (by role and task complexity, or as the
 * request names it), answered from the response cache when it is deterministic and was asked
 * before, otherwise held against its budgets, sent with retries (429/5xx/connection errors, with
 * backoff honouring {@code Retry-After}), then settled and recorded with its tokens and cost.
 * Streamed text is published on the event bus ({@code Addresses.MODEL_TOKENS}).
 *
 * <p>Failures are {@link io.agentry.core.error.AgentryException}s with codes {@code MODEL_ERROR},
 * {@code MODEL_AUTH_FAILED}, {@code MODEL_UNAVAILABLE}, {@code TIMEOUT} or {@code BUDGET_EXCEEDED}.
 */
public interface ModelClient {

  static ModelClient create(
      Vertx vertx,
      ModelSettings settings,
      ModelCatalog catalog,
      Map<String, ModelProvider> providers,
      UsageStore usage,
      ResponseCache cache) {
    return DefaultModelClient.create(vertx, settings, catalog, providers, usage, cache);
  }

  /** One HTTP provider per configured endpoint, by name. Nothing is contacted yet. */
  static Map<String, ModelProvider> httpProviders(
      Vertx vertx, ModelSettings settings, ModelCatalog catalog) {
    Map<String, ModelProvider> providers = new LinkedHashMap<>();
    Duration connectTimeout = Duration.ofMillis(settings.connectTimeoutMs());
    catalog
        .endpoints()
        .forEach(
            endpoint ->
                providers.put(
                    endpoint.name(),
                    OpenAiCompatibleProvider.create(vertx, endpoint, connectTimeout)));
    return providers;
  }

  Future<ChatResponse> chat(ChatRequest request);

  /** Like {@link #chat(ChatRequest)}, also handing streamed text deltas to {@code onDelta}. */
  Future<ChatResponse> chat(ChatRequest request, Consumer<String> onDelta);
}
