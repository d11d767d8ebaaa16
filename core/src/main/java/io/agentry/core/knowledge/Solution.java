package io.agentry.core.knowledge;

import java.time.Instant;
import java.util.UUID;

/**
 * A fix tried for an error, with how often it worked. The same description and patch for the same
 * error is one solution whose counts grow.
 *
 * @param author who proposed it first, e.g. a role and agent ({@code debugger/agent-7})
 * @param lastSuccessAt when it last worked, or null if it never did
 */
public record Solution(
    UUID id,
    UUID errorId,
    String description,
    String patch,
    long successCount,
    long failureCount,
    String author,
    Instant createdAt,
    Instant updatedAt,
    Instant lastSuccessAt) {

  public long attempts() {
    return successCount + failureCount;
  }

  /** See {@link Confidence#of}. */
  public double confidence() {
    return Confidence.of(successCount, failureCount);
  }

  /** Failed repeatedly and never worked: recorded as an anti-pattern, never suggested. */
  public boolean isAntiPattern() {
    return Confidence.isAntiPattern(successCount, failureCount);
  }
}
