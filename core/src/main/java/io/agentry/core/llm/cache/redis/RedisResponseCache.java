package io.agentry.core.llm.cache.redis;

import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.cache.ResponseCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ResponseCache} in Redis: one string key per response, expiring after the TTL. */
public final class RedisResponseCache implements ResponseCache {

  private static final Logger LOG = LoggerFactory.getLogger(RedisResponseCache.class);

  private final RedisAPI redis;
  private final Duration ttl;

  private RedisResponseCache(RedisAPI redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  public static RedisResponseCache create(Redis redis, Duration ttl) {
    if (ttl.toSeconds() < 1) {
      throw new IllegalArgumentException("cache TTL must be at least a second, was " + ttl);
    }
    return new RedisResponseCache(RedisAPI.api(Objects.requireNonNull(redis)), ttl);
  }

  @Override
  public Future<ChatResponse> get(String key) {
    return redis
        .get(key)
        .map(
            value -> value == null ? null : ChatResponse.fromJson(new JsonObject(value.toString())))
        .otherwise(
            e -> {
              LOG.warn("response cache read failed, treating as a miss: {}", e.toString());
              return null;
            });
  }

  @Override
  public Future<Void> put(String key, ChatResponse response) {
    String value = response.toJson().encode();
    return redis
        .set(List.of(key, value, "EX", Long.toString(ttl.toSeconds())))
        .<Void>mapEmpty()
        .otherwise(
            e -> {
              LOG.warn("response cache write failed: {}", e.toString());
              return null;
            });
  }
}
