package io.agentry.core.agents;

import java.time.Duration;
import java.time.Instant;

/**
 * When a crashing agent stops being restarted: {@code maxCrashes} crashes within {@code window}
 * (the newest included, the window closed at both ends) disable it as {@code disabled_flapping}.
 * Fewer, and it is restarted at once.
 */
public record FlapPolicy(int maxCrashes, Duration window) {

  public FlapPolicy {
    if (maxCrashes < 1) {
      throw new IllegalArgumentException("maxCrashes must be >= 1, got " + maxCrashes);
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
  }

  /** Three crashes within sixty seconds. */
  public static FlapPolicy defaults() {
    return new FlapPolicy(3, Duration.ofSeconds(60));
  }

  /**
   * Whether a crash at {@code at} still counts at {@code now}: it is not older than the window. (A
   * crash reported out of order, later than {@code now}, counts too rather than being lost.)
   */
  public boolean counts(Instant at, Instant now) {
    return !at.isBefore(now.minus(window));
  }
}
