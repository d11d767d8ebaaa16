package io.agentry.core.llm.usage;

import io.agentry.core.llm.Usage;
import java.math.BigDecimal;

/**
 * How a reserved call ended: its actual usage and cost (zero for a failure before any answer), the
 * attempts it took, its latency, and the error code when it failed.
 */
public record CallOutcome(
    boolean ok, Usage usage, BigDecimal cost, int attempts, long latencyMs, String errorCode) {

  public static CallOutcome succeeded(Usage usage, BigDecimal cost, int attempts, long latencyMs) {
    return new CallOutcome(true, usage, cost, attempts, latencyMs, null);
  }

  /** A failure; {@code usage} is what was consumed anyway (e.g. an answer that was unusable). */
  public static CallOutcome failed(
      Usage usage, BigDecimal cost, int attempts, long latencyMs, String errorCode) {
    return new CallOutcome(false, usage, cost, attempts, latencyMs, errorCode);
  }
}
