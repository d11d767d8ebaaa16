package io.agentry.core.llm.openai;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelCallException;
import io.agentry.core.llm.ModelProvider;
import io.agentry.core.llm.ModelRetryPolicy;
import io.agentry.core.llm.ProviderEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A provider speaking OpenAI-compatible chat completions over HTTP: Ollama's {@code /v1},
 * OpenRouter, vLLM, llama.cpp server, OpenAI. Non-blocking on the Vert.x HTTP client; streamed
 * answers are read as Server-Sent Events. Each attempt has a deadline ({@code request.timeout()})
 * covering connect, headers and the whole body; when it passes, the request is reset.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final ProviderEndpoint endpoint;
  private final HttpClientAgent http;

  private OpenAiCompatibleProvider(Vertx vertx, ProviderEndpoint endpoint, HttpClientAgent http) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.http = http;
  }

  /** Creates the provider; nothing is contacted until the first call. */
  public static OpenAiCompatibleProvider create(
      Vertx vertx, ProviderEndpoint endpoint, Duration connectTimeout) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setConnectTimeout((int) connectTimeout.toMillis())
            .setKeepAlive(true)
            .setDecompressionSupported(true);
    return new OpenAiCompatibleProvider(
        vertx, Objects.requireNonNull(endpoint), vertx.createHttpClient(options));
  }

  @Override
  public String name() {
    return endpoint.name();
  }

  @Override
  public Future<ChatResponse> complete(
      String model, ChatRequest request, Consumer<String> onDelta) {
    Duration timeout = request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout();
    Buffer body = ChatCompletionsCodec.encodeRequest(model, request).toBuffer();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(endpoint.baseUrl() + "/chat/completions")
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(
                HttpHeaders.ACCEPT, request.stream() ? "text/event-stream" : "application/json");
    if (endpoint.hasApiKey()) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + endpoint.apiKey());
    }
    Attempt attempt = new Attempt(request, onDelta, timeout);
    long timer = vertx.setTimer(timeout.toMillis(), id -> attempt.expire());
    http.request(options)
        .compose(
            httpRequest -> {
              attempt.httpRequest = httpRequest;
              return httpRequest.send(body);
            })
        .onSuccess(attempt::response)
        .onFailure(attempt::fail);
    return attempt.promise.future().andThen(done -> vertx.cancelTimer(timer));
  }

  /** Closes the HTTP client. */
  public Future<Void> close() {
    return http.close();
  }

  /** The state of one HTTP exchange; completes its promise exactly once. */
  private static final class Attempt {
    final Promise<ChatResponse> promise = Promise.promise();
    final AtomicBoolean timedOut = new AtomicBoolean();
    final ChatRequest request;
    final Consumer<String> onDelta;
    final Duration timeout;
    volatile HttpClientRequest httpRequest;

    Attempt(ChatRequest request, Consumer<String> onDelta, Duration timeout) {
      this.request = request;
      this.onDelta = onDelta;
      this.timeout = timeout;
    }

    void expire() {
      if (promise.future().isComplete()) {
        return;
      }
      timedOut.set(true);
      ModelCallException failure = ModelCallException.timeout(timeout);
      promise.tryFail(failure);
      if (httpRequest != null) {
        httpRequest.reset(0, failure);
      }
    }

    void fail(Throwable cause) {
      if (timedOut.get()) {
        return;
      }
      promise.tryFail(
          cause instanceof ModelCallException known ? known : ModelCallException.connection(cause));
    }

    void response(HttpClientResponse response) {
      response.exceptionHandler(this::fail);
      if (response.statusCode() / 100 != 2) {
        Duration retryAfter =
            ModelRetryPolicy.parseRetryAfter(response.getHeader("Retry-After"), Instant.now());
        response
            .body()
            .onSuccess(
                b ->
                    fail(
                        ModelCallException.httpStatus(
                            response.statusCode(), b.toString(StandardCharsets.UTF_8), retryAfter)))
            .onFailure(this::fail);
        return;
      }
      if (!request.stream()) {
        response.body().onSuccess(b -> guarded(() -> decode(b))).onFailure(this::fail);
        return;
      }
      StreamAssembler assembler = new StreamAssembler(request, onDelta);
      RecordParser lines =
          RecordParser.newDelimited(
              "\n", line -> guarded(() -> assembler.line(line.toString(StandardCharsets.UTF_8))));
      response.handler(lines);
      response.endHandler(end -> guarded(() -> promise.tryComplete(assembler.finish())));
    }

    private void decode(Buffer body) {
      promise.tryComplete(ChatCompletionsCodec.decodeResponse(body, request));
    }

    /** Runs a step of reading the answer; a malformed answer fails the attempt and drops it. */
    private void guarded(Runnable step) {
      if (promise.future().isComplete()) {
        return;
      }
      try {
        step.run();
      } catch (ModelCallException e) {
        fail(e);
        if (httpRequest != null) {
          httpRequest.reset(0, e);
        }
      }
    }
  }
}
