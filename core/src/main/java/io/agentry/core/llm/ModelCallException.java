package io.agentry.core.llm;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.time.Duration;

/**
 * A failed model call, as data: the {@link ErrorCode}, the HTTP status when there was one, whether
 * another attempt may succeed, and how long the provider asked us to wait ({@code Retry-After}).
 * Built only through the static factories, which decide retryability in one place.
 */
public final class ModelCallException extends AgentryException {

  private final int httpStatus;
  private final boolean retryable;
  private final Duration retryAfter;

  private ModelCallException(
      ErrorCode code,
      String message,
      int httpStatus,
      boolean retryable,
      Duration retryAfter,
      Throwable cause) {
    super(code, message, cause);
    this.httpStatus = httpStatus;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** The provider's answer could not be understood. Retrying the same call rarely helps. */
  public static ModelCallException malformed(String message) {
    return new ModelCallException(ErrorCode.MODEL_ERROR, message, 0, false, null, null);
  }

  /** The call names a provider or needs a route that the configuration does not have. */
  public static ModelCallException notConfigured(String message) {
    return new ModelCallException(ErrorCode.MODEL_ERROR, message, 0, false, null, null);
  }

  /** A non-2xx answer: 429 and 5xx may be retried, 401/403 are auth failures, others final. */
  public static ModelCallException httpStatus(int status, String body, Duration retryAfter) {
    String message = "model provider answered HTTP " + status + ": " + ToolCall.abbreviate(body);
    if (status == 401 || status == 403) {
      return new ModelCallException(
          ErrorCode.MODEL_AUTH_FAILED,
          "model provider refused the credentials (HTTP " + status + ")",
          status,
          false,
          null,
          null);
    }
    boolean transientFailure = status == 429 || status == 408 || status >= 500;
    ErrorCode code = transientFailure ? ErrorCode.MODEL_UNAVAILABLE : ErrorCode.MODEL_ERROR;
    return new ModelCallException(code, message, status, transientFailure, retryAfter, null);
  }

  /** The connection failed or broke off before a complete answer; worth another attempt. */
  public static ModelCallException connection(Throwable cause) {
    return new ModelCallException(
        ErrorCode.MODEL_UNAVAILABLE,
        "model provider unreachable: " + cause.getMessage(),
        0,
        true,
        null,
        cause);
  }

  /** The call's deadline passed. Not retried: the deadline covers the whole call. */
  public static ModelCallException timeout(Duration after) {
    return new ModelCallException(
        ErrorCode.TIMEOUT,
        "model call timed out after " + after.toMillis() + " ms",
        0,
        false,
        null,
        null);
  }

  /** The same failure after {@code attempts} attempts, so the caller sees how hard we tried. */
  public ModelCallException afterAttempts(int attempts) {
    if (attempts <= 1) {
      return this;
    }
    return new ModelCallException(
        code(),
        getMessage() + " (after " + attempts + " attempts)",
        httpStatus,
        false,
        retryAfter,
        this);
  }

  /** The HTTP status, or 0 when the failure happened before or outside HTTP. */
  public int httpStatus() {
    return httpStatus;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The provider's {@code Retry-After}, or null when it sent none. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
