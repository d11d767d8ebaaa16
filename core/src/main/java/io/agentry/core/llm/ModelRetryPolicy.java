package io.agentry.core.llm;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a failed model attempt is tried again: at most {@code maxAttempts} attempts in all, with
 * exponential backoff from {@code base} by {@code factor}, capped at {@code cap}. A provider's
 * {@code Retry-After} is honoured — the wait is never shorter — unless it is longer than {@code
 * maxRetryAfter}, in which case waiting is pointless and the call fails at once.
 */
public record ModelRetryPolicy(
    int maxAttempts, Duration base, double factor, Duration cap, Duration maxRetryAfter) {

  public ModelRetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (factor < 1.0 || base.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need factor >= 1 and 0 <= base <= cap");
    }
  }

  public static ModelRetryPolicy from(ModelSettings settings) {
    return new ModelRetryPolicy(
        settings.maxAttempts(),
        Duration.ofMillis(settings.retryBaseMs()),
        settings.retryFactor(),
        Duration.ofMillis(settings.retryCapMs()),
        Duration.ofMillis(settings.maxRetryAfterMs()));
  }

  /** The wait before the next attempt after failed attempt {@code attempt} (1-based), or none. */
  public Optional<Duration> delayAfter(int attempt, ModelCallException failure) {
    if (!failure.retryable() || attempt >= maxAttempts) {
      return Optional.empty();
    }
    double raw = base.toMillis() * Math.pow(factor, attempt - 1);
    Duration backoff = Duration.ofMillis(Math.round(Math.min(raw, cap.toMillis())));
    Duration asked = failure.retryAfter();
    if (asked == null) {
      return Optional.of(backoff);
    }
    if (asked.compareTo(maxRetryAfter) > 0) {
      return Optional.empty();
    }
    return Optional.of(asked.compareTo(backoff) > 0 ? asked : backoff);
  }

  /**
   * Parses a {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110). Null when absent
   * or unreadable; a date in the past means "now".
   */
  public static Duration parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
