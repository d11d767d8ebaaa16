package io.agentry.core.llm.impl;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.error.AgentryException;
import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelCallException;
import io.agentry.core.llm.ModelCatalog;
import io.agentry.core.llm.ModelCatalog.Price;
import io.agentry.core.llm.ModelClient;
import io.agentry.core.llm.ModelProvider;
import io.agentry.core.llm.ModelRetryPolicy;
import io.agentry.core.llm.ModelTarget;
import io.agentry.core.llm.TokenEstimator;
import io.agentry.core.llm.ToolCall;
import io.agentry.core.llm.Usage;
import io.agentry.core.llm.cache.ResponseCache;
import io.agentry.core.llm.usage.CallOutcome;
import io.agentry.core.llm.usage.Reservation;
import io.agentry.core.llm.usage.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ModelClient}: route → cache → reserve → attempts with retries → settle → cache. */
public final class DefaultModelClient implements ModelClient {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultModelClient.class);

  private final Vertx vertx;
  private final ModelSettings settings;
  private final ModelCatalog catalog;
  private final Map<String, ModelProvider> providers;
  private final UsageStore usage;
  private final ResponseCache cache;
  private final ModelRetryPolicy retries;

  private DefaultModelClient(
      Vertx vertx,
      ModelSettings settings,
      ModelCatalog catalog,
      Map<String, ModelProvider> providers,
      UsageStore usage,
      ResponseCache cache) {
    this.vertx = vertx;
    this.settings = settings;
    this.catalog = catalog;
    this.providers = Map.copyOf(providers);
    this.usage = usage;
    this.cache = cache;
    this.retries = ModelRetryPolicy.from(settings);
  }

  public static DefaultModelClient create(
      Vertx vertx,
      ModelSettings settings,
      ModelCatalog catalog,
      Map<String, ModelProvider> providers,
      UsageStore usage,
      ResponseCache cache) {
    ResponseCache effectiveCache = settings.cacheEnabled() ? cache : ResponseCache.disabled();
    return new DefaultModelClient(vertx, settings, catalog, providers, usage, effectiveCache);
  }

  @Override
  public Future<ChatResponse> chat(ChatRequest request) {
    return chat(request, delta -> {});
  }

  @Override
  public Future<ChatResponse> chat(ChatRequest original, Consumer<String> onDelta) {
    ChatRequest request = withDefaults(original);
    ModelTarget target;
    ModelProvider provider;
    try {
      target = catalog.resolve(request);
      provider = providers.get(target.provider());
      if (provider == null) {
        throw ModelCallException.notConfigured(
            "no model provider named '" + target.provider() + "'");
      }
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    if (!request.deterministic()) {
      return call(provider, target, request, onDelta);
    }
    String key = ResponseCache.key(target, request);
    long started = System.nanoTime();
    return cache
        .get(key)
        .compose(
            hit ->
                hit != null
                    ? answerFromCache(hit, target, request, onDelta, started)
                    : call(provider, target, request, onDelta)
                        .compose(response -> cache.put(key, response).map(response)));
  }

  private ChatRequest withDefaults(ChatRequest request) {
    ChatRequest.Builder builder = request.toBuilder();
    if (request.maxTokens() == null) {
      builder.maxTokens(settings.maxTokens());
    }
    if (request.timeout() == null) {
      builder.timeout(Duration.ofMillis(settings.timeoutMs()));
    }
    return builder.build();
  }

  private Future<ChatResponse> answerFromCache(
      ChatResponse hit,
      ModelTarget target,
      ChatRequest request,
      Consumer<String> onDelta,
      long started) {
    return usage
        .recordCached(request.context(), target, elapsedMs(started))
        .map(
            callId -> {
              if (request.stream() && !hit.content().isEmpty()) {
                new TokenPublisher(vertx.eventBus(), callId, request.context(), onDelta)
                    .accept(hit.content());
              }
              return hit.withOrigin(target.provider(), target.model()).asCached(callId);
            });
  }

  /** A call that reaches the provider: reserved first, settled whatever happens. */
  private Future<ChatResponse> call(
      ModelProvider provider, ModelTarget target, ChatRequest request, Consumer<String> onDelta) {
    Price price = catalog.price(target);
    long promptMax = TokenEstimator.promptTokensUpperBound(request);
    long outputMax = request.maxTokens();
    Reservation reservation =
        new Reservation(
            request.context(), target, promptMax + outputMax, price.cost(promptMax, outputMax));
    return usage
        .reserve(reservation)
        .compose(
            callId -> {
              long started = System.nanoTime();
              TokenPublisher deltas =
                  new TokenPublisher(vertx.eventBus(), callId, request.context(), onDelta);
              Promise<ChatResponse> result = Promise.promise();
              AtomicInteger attempts = new AtomicInteger();
              attempt(provider, target, request, deltas, attempts, result);
              return result
                  .future()
                  .transform(
                      done ->
                          settle(
                              callId, price, started, attempts.get(), done.result(), done.cause()))
                  .map(response -> response.withCallId(callId));
            });
  }

  private void attempt(
      ModelProvider provider,
      ModelTarget target,
      ChatRequest request,
      TokenPublisher deltas,
      AtomicInteger attempts,
      Promise<ChatResponse> result) {
    int attempt = attempts.incrementAndGet();
    provider
        .complete(target.model(), request, deltas)
        .onSuccess(
            response -> result.complete(response.withOrigin(target.provider(), target.model())))
        .onFailure(
            failure -> {
              ModelCallException error =
                  failure instanceof ModelCallException known
                      ? known
                      : ModelCallException.connection(failure);
              var delay = retries.delayAfter(attempt, error);
              // Text already streamed to feeds cannot be taken back: retrying would show it twice.
              if (delay.isEmpty() || deltas.published() > 0) {
                result.fail(error.afterAttempts(attempt));
                return;
              }
              LOG.info(
                  "model call to {} failed ({}), attempt {} of {}, retrying in {} ms",
                  target,
                  error.getMessage(),
                  attempt,
                  retries.maxAttempts(),
                  delay.get().toMillis());
              vertx.setTimer(
                  Math.max(1, delay.get().toMillis()),
                  id -> attempt(provider, target, request, deltas, attempts, result));
            });
  }

  /**
   * Records the outcome and decides the caller's answer. Tool-call arguments are checked here, not
   * in the provider, so that an unusable answer is still charged for the tokens it consumed.
   */
  private Future<ChatResponse> settle(
      UUID callId,
      Price price,
      long started,
      int attempts,
      ChatResponse response,
      Throwable failure) {
    long latency = elapsedMs(started);
    if (failure != null) {
      String code = failure instanceof AgentryException known ? known.code().name() : "INTERNAL";
      CallOutcome outcome =
          CallOutcome.failed(Usage.NONE, BigDecimal.ZERO, attempts, latency, code);
      return record(callId, outcome).compose(v -> Future.failedFuture(failure));
    }
    BigDecimal cost = price.cost(response.usage().inputTokens(), response.usage().outputTokens());
    try {
      response.toolCalls().forEach(ToolCall::argumentsJson);
    } catch (ModelCallException malformed) {
      CallOutcome outcome =
          CallOutcome.failed(response.usage(), cost, attempts, latency, malformed.code().name());
      return record(callId, outcome).compose(v -> Future.failedFuture(malformed));
    }
    CallOutcome outcome = CallOutcome.succeeded(response.usage(), cost, attempts, latency);
    return record(callId, outcome).map(response);
  }

  /**
   * Settles; a failure to record is logged, not thrown — the abandoned-reservation sweep heals it.
   */
  private Future<Void> record(UUID callId, CallOutcome outcome) {
    return usage
        .settle(callId, outcome)
        .recover(
            e -> {
              LOG.warn("could not settle model call {}: {}", callId, e.toString());
              return Future.succeededFuture();
            });
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
