package io.agentry.worker.agent;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;

/**
 * The limits of one agent step.
 *
 * @param maxTurns model turns the step may take before it ends with {@code LIMIT_REACHED}
 * @param contextTokens the model's context window; the conversation is condensed before a call
 *     whose estimated prompt passes 80% of it
 * @param sameActionObservationLimit the same action with the same observation this many times in a
 *     row is stuck
 * @param sameErrorLimit the same error this many times in a row is stuck
 * @param alternatingCycles two actions alternating (A,B,A,B,…) for this many cycles is stuck
 * @param repeatedMonologueLimit the same assistant text this many turns in a row is stuck
 */
public record StepLimits(
    int maxTurns,
    int contextTokens,
    int sameActionObservationLimit,
    int sameErrorLimit,
    int alternatingCycles,
    int repeatedMonologueLimit) {

  public StepLimits {
    check(maxTurns >= 1 && maxTurns <= 10_000, "maxTurns must be 1..10000, was " + maxTurns);
    check(
        contextTokens >= 256 && contextTokens <= 10_000_000,
        "contextTokens must be 256..10000000, was " + contextTokens);
    check(sameActionObservationLimit >= 2, "sameActionObservationLimit must be at least 2");
    check(sameErrorLimit >= 2, "sameErrorLimit must be at least 2");
    check(alternatingCycles >= 2, "alternatingCycles must be at least 2");
    check(repeatedMonologueLimit >= 2, "repeatedMonologueLimit must be at least 2");
  }

  /** 50 turns, a 32k-token window, and the stuck thresholds 4, 3, 3 and 3. */
  public static StepLimits defaults() {
    return new StepLimits(50, 32_000, 4, 3, 3, 3);
  }

  public StepLimits withMaxTurns(int value) {
    return new StepLimits(
        value,
        contextTokens,
        sameActionObservationLimit,
        sameErrorLimit,
        alternatingCycles,
        repeatedMonologueLimit);
  }

  public StepLimits withContextTokens(int value) {
    return new StepLimits(
        maxTurns,
        value,
        sameActionObservationLimit,
        sameErrorLimit,
        alternatingCycles,
        repeatedMonologueLimit);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, "step limits: " + message);
    }
  }
}
