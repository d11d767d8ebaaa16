package io.agentry.api.auth;

import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Future;
import java.util.Locale;

/**
 * Admits a request: the bearer token must name a live API key ({@code UNAUTHENTICATED} otherwise),
 * and the key must have room in its rate limit ({@code RATE_LIMITED}). HTTP requests and WebSocket
 * operations both pass here.
 */
public final class Gatekeeper {

  private final ApiKeyStore keys;
  private final RateLimiter limiter;

  public Gatekeeper(ApiKeyStore keys, RateLimiter limiter) {
    this.keys = keys;
    this.limiter = limiter;
  }

  /** The caller behind a credential: {@code Bearer <token>}, or the bare token. */
  public Future<Principal> authenticate(String credential) {
    String token = token(credential);
    if (token == null) {
      return Future.failedFuture(
          new AgentryException(
              ErrorCode.UNAUTHENTICATED, "an API key is required: Authorization: Bearer <token>"));
    }
    return keys.authenticate(token)
        .map(
            found ->
                found.orElseThrow(
                    () ->
                        new AgentryException(
                            ErrorCode.UNAUTHENTICATED, "the API key is unknown or revoked")));
  }

  /** Takes one request from the key's bucket. */
  public Future<Principal> admit(Principal who) {
    return limiter
        .tryAcquire(who)
        .map(
            allowed -> {
              if (!allowed) {
                throw new AgentryException(
                    ErrorCode.RATE_LIMITED, "rate limit of this API key exceeded; retry shortly");
              }
              return who;
            });
  }

  static String token(String credential) {
    if (credential == null || credential.isBlank()) {
      return null;
    }
    String value = credential.strip();
    if (value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      value = value.substring("bearer ".length()).strip();
    }
    return value.isEmpty() ? null : value;
  }
}
