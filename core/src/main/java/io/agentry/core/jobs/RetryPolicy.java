package io.agentry.core.jobs;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed attempt is tried again: exponential backoff from {@code base}, multiplied by {@code
 * factor} per attempt, capped at {@code cap}, with ±{@code jitter} (a fraction) spread so that jobs
 * failing together do not retry together.
 */
public record RetryPolicy(Duration base, double factor, Duration cap, double jitter) {

  public RetryPolicy {
    if (base.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 <= base <= cap, got " + base + " and " + cap);
    }
    if (factor < 1.0) {
      throw new IllegalArgumentException("factor must be >= 1, got " + factor);
    }
    if (jitter < 0.0 || jitter >= 1.0) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
  }

  public static RetryPolicy exponential(Duration base, double factor, Duration cap) {
    return new RetryPolicy(base, factor, cap, 0.0);
  }

  public RetryPolicy withJitter(double fraction) {
    return new RetryPolicy(base, factor, cap, fraction);
  }

  /** The delay before the retry that follows failed attempt number {@code attempt} (1-based). */
  public Duration delayAfter(int attempt, DoubleSupplier random) {
    double raw = base.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
    double capped = Math.min(raw, cap.toMillis());
    double spread = jitter == 0.0 ? 1.0 : 1.0 + jitter * (2.0 * random.getAsDouble() - 1.0);
    return Duration.ofMillis(Math.round(Math.min(capped * spread, cap.toMillis())));
  }

  /** The delay without jitter: the centre of the range {@link #delayAfter} draws from. */
  public Duration nominalDelayAfter(int attempt) {
    return delayAfter(attempt, () -> 0.5);
  }
}
