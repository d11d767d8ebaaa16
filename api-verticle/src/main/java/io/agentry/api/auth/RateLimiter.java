package io.agentry.api.auth;

import io.agentry.core.auth.Principal;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key rate limits: a token bucket per API key in Redis, refilled at {@code perSecond} up to
 * {@code burst}, taken and refilled atomically by one Lua script with Redis's own clock, so every
 * api node shares one bucket per key. If Redis does not answer, requests pass (logged): Redis is a
 * guard here, never the only copy of anything, and must not take the API down with it.
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  static final String SCRIPT =
      """
      local rate = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = tonumber(b[1])
      local ts = tonumber(b[2])
      if tokens == nil then tokens = burst; ts = now end
      tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
      local allowed = 0
      if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
      redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
      return allowed
      """;

  private static final String SHA = sha1(SCRIPT);

  private final Redis redis;
  private final int perSecond;
  private final int burst;

  public RateLimiter(Redis redis, int perSecond, int burst) {
    this.redis = redis;
    this.perSecond = Math.max(1, perSecond);
    this.burst = Math.max(1, burst);
  }

  /** True when the key may make one more request now; takes a token if so. */
  public Future<Boolean> tryAcquire(Principal who) {
    String key = "agentry:ratelimit:" + who.keyId();
    return redis
        .send(call(Command.EVALSHA, SHA, key))
        .recover(
            e ->
                e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                    ? redis.send(call(Command.EVAL, SCRIPT, key))
                    : Future.failedFuture(e))
        .map((Response r) -> r.toInteger() == 1)
        .recover(
            e -> {
              LOG.warn("rate limit not checked, Redis failed: {}", e.getMessage());
              return Future.succeededFuture(true);
            });
  }

  private Request call(Command command, String script, String key) {
    return Request.cmd(command).arg(script).arg(1).arg(key).arg(perSecond).arg(burst);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
