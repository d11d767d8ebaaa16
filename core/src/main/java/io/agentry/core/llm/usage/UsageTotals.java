package io.agentry.core.llm.usage;

import java.math.BigDecimal;

/** Sums over the recorded model calls of a project or task. */
public record UsageTotals(long calls, long inputTokens, long outputTokens, BigDecimal cost) {

  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
