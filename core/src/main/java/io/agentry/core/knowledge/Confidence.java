package io.agentry.core.knowledge;

/**
 * How much to trust a fix, from how often it worked ({@code s}) and failed ({@code f}).
 *
 * <p>The success rate is Laplace's rule of succession, {@code (s + 1) / (n + 2)} with {@code n = s
 * + f}: the mean of the Beta posterior after a uniform prior, so one lucky success does not read as
 * 100 %. The confidence scales it by the weight of evidence {@code n / (n + 1)}: one success gives
 * 1/3, three of three 0.6, ten of ten 0.83, and a fix never tried 0.
 */
public final class Confidence {

  /** Failures, without a single success, after which a fix is recorded as an anti-pattern. */
  public static final int ANTI_PATTERN_FAILURES = 2;

  private Confidence() {}

  public static double successRate(long successes, long failures) {
    requireCounts(successes, failures);
    return (successes + 1.0) / (successes + failures + 2.0);
  }

  /** In [0, 1). */
  public static double of(long successes, long failures) {
    long n = successes + failures;
    return successRate(successes, failures) * n / (n + 1.0);
  }

  public static boolean isAntiPattern(long successes, long failures) {
    requireCounts(successes, failures);
    return successes == 0 && failures >= ANTI_PATTERN_FAILURES;
  }

  private static void requireCounts(long successes, long failures) {
    if (successes < 0 || failures < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative (" + successes + ", " + failures + ")");
    }
  }
}
