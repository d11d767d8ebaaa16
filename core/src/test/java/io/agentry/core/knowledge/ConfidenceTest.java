package io.agentry.core.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The learning engine's arithmetic: Laplace's success rate scaled by the weight of evidence. */
class ConfidenceTest {

  @ParameterizedTest(name = "{0} successes, {1} failures -> rate {2}, confidence {3}")
  @CsvSource({
    "0, 0, 0.5, 0",
    "1, 0, 0.6667, 0.3333",
    "3, 0, 0.8, 0.6",
    "10, 0, 0.9167, 0.8333",
    "3, 1, 0.6667, 0.5333",
    "10, 10, 0.5, 0.4762",
    "0, 2, 0.25, 0.1667",
    "1, 5, 0.25, 0.2143",
  })
  void rate_and_confidence(long s, long f, double rate, double confidence) {
    assertThat(Confidence.successRate(s, f)).isCloseTo(rate, within(1e-4));
    assertThat(Confidence.of(s, f)).isCloseTo(confidence, within(1e-4));
  }

  @Test
  void confidence_stays_in_the_unit_interval_and_grows_with_consistent_success() {
    double previous = 0;
    for (long n = 1; n <= 1_000_000; n *= 10) {
      double c = Confidence.of(n, 0);
      assertThat(c).isGreaterThan(previous).isLessThan(1);
      previous = c;
    }
    assertThat(Confidence.of(0, 1_000_000)).isBetween(0.0, 1e-5);
  }

  @ParameterizedTest(name = "{0} successes, {1} failures -> anti-pattern {2}")
  @CsvSource({"0, 0, false", "0, 1, false", "0, 2, true", "0, 9, true", "1, 2, false"})
  void repeated_failure_without_success_is_an_anti_pattern(long s, long f, boolean anti) {
    assertThat(Confidence.isAntiPattern(s, f)).isEqualTo(anti);
  }

  @Test
  void negative_counts_are_refused() {
    assertThatThrownBy(() -> Confidence.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
