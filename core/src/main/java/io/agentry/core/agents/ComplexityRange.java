package io.agentry.core.agents;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;

/**
 * The task complexities (1 = trivial … 10 = hardest) an agent takes on, both ends included. A task
 * is assigned only to an agent whose range covers the task's complexity.
 */
public record ComplexityRange(int min, int max) {

  public static final int LOWEST = 1;
  public static final int HIGHEST = 10;

  public ComplexityRange {
    requireComplexity(min, "minComplexity");
    requireComplexity(max, "maxComplexity");
    if (min > max) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          "minComplexity (" + min + ") must not exceed maxComplexity (" + max + ")");
    }
  }

  public static ComplexityRange all() {
    return new ComplexityRange(LOWEST, HIGHEST);
  }

  public boolean covers(int complexity) {
    return complexity >= min && complexity <= max;
  }

  /** Checks one complexity value; the message names {@code field}. */
  public static int requireComplexity(int value, String field) {
    if (value < LOWEST || value > HIGHEST) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          field + " must be between " + LOWEST + " and " + HIGHEST + " (was " + value + ")");
    }
    return value;
  }

  @Override
  public String toString() {
    return min + ".." + max;
  }
}
