package io.agentry.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      RetryPolicy.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5));

  @Test
  void delays_grow_exponentially_up_to_the_cap() {
    assertThat(policy.nominalDelayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.nominalDelayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.nominalDelayAfter(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.nominalDelayAfter(10)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.nominalDelayAfter(1000)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitter_spreads_delays_within_its_fraction_and_never_past_the_cap() {
    RetryPolicy jittered = policy.withJitter(0.25);
    assertThat(jittered.delayAfter(3, () -> 0.0)).isEqualTo(Duration.ofMillis(300));
    assertThat(jittered.delayAfter(3, () -> 1.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(jittered.delayAfter(3, () -> 0.5)).isEqualTo(Duration.ofMillis(400));
    assertThat(jittered.delayAfter(20, () -> 1.0)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void nonsense_policies_are_refused() {
    assertThatThrownBy(
            () -> RetryPolicy.exponential(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> RetryPolicy.exponential(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)))
        .hasMessageContaining("factor");
    assertThatThrownBy(() -> policy.withJitter(1.0)).hasMessageContaining("jitter");
  }
}
