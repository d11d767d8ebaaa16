package io.agentry.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call fails with an {@link AgentryException} of a given code. */
public final class ErrorAssertions {

  private ErrorAssertions() {}

  public static void assertFailsWith(ErrorCode code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(AgentryException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  /** Also checks that the message names what was wrong. */
  public static void assertFailsWith(ErrorCode code, ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AgentryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }
}
