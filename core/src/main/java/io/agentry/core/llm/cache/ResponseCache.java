package io.agentry.core.llm.cache;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelTarget;
import io.agentry.core.llm.cache.redis.RedisResponseCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Responses to deterministic model calls (see {@link ChatRequest#deterministic()}), by a hash of
 * everything that determines the answer. A cache is an optimisation only: a failing cache reads as
 * a miss and never fails a call, and nothing lives only in it — every call is also recorded in
 * PostgreSQL.
 */
public interface ResponseCache {

  static ResponseCache redis(Redis redis, Duration ttl) {
    return RedisResponseCache.create(redis, ttl);
  }

  /** A cache that never hits, for nodes with caching switched off. */
  static ResponseCache disabled() {
    return new ResponseCache() {
      @Override
      public Future<ChatResponse> get(String key) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> put(String key, ChatResponse response) {
        return Future.succeededFuture();
      }
    };
  }

  /** The cached response, or null on a miss (or when the cache is unavailable). */
  Future<ChatResponse> get(String key);

  /** Stores a response; failures are swallowed (and logged by implementations). */
  Future<Void> put(String key, ChatResponse response);

  /**
   * The key of a request at a model: SHA-256 over provider, model, messages, tools, tool choice,
   * temperature and max tokens — not over ids of who asked, which do not change the answer.
   */
  static String key(ModelTarget target, ChatRequest request) {
    JsonArray messages = new JsonArray();
    request.messages().forEach(m -> messages.add(m.toJson()));
    JsonArray tools = new JsonArray();
    request.tools().forEach(t -> tools.add(t.toJson()));
    JsonObject canonical =
        new JsonObject()
            .put("provider", target.provider())
            .put("model", target.model())
            .put("messages", messages)
            .put("tools", tools)
            .put("toolChoice", request.toolChoice())
            .put("temperature", request.temperature())
            .put("maxTokens", request.maxTokens());
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.encode().getBytes(StandardCharsets.UTF_8));
      return "agentry:llm:response:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
