package io.agentry.core.memory.chroma;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;

/**
 * A failed Chroma call, mapped to our codes once: unreachable, timed out or failing (5xx) is {@code
 * UNAVAILABLE}; a request Chroma rejects (400, 422) is {@code BAD_USER_INPUT}; 404 is {@code
 * NOT_FOUND}; 409 is {@code ILLEGAL_STATE}. {@link #status()} is the HTTP status, or 0 when no
 * answer came.
 */
public final class ChromaException extends AgentryException {

  private final int status;

  private ChromaException(ErrorCode code, int status, String message, Throwable cause) {
    super(code, message, cause);
    this.status = status;
  }

  static ChromaException unreachable(String url, Throwable cause) {
    String reason =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ChromaException(
        ErrorCode.UNAVAILABLE, 0, "Chroma at " + url + " is unreachable: " + reason, cause);
  }

  static ChromaException timedOut(String url, String action, long timeoutMs) {
    return new ChromaException(
        ErrorCode.UNAVAILABLE,
        0,
        "Chroma at " + url + " did not answer " + action + " within " + timeoutMs + " ms",
        null);
  }

  static ChromaException answered(int status, String action, String chromaMessage) {
    ErrorCode code =
        switch (status) {
          case 400, 422 -> ErrorCode.BAD_USER_INPUT;
          case 404 -> ErrorCode.NOT_FOUND;
          case 409 -> ErrorCode.ILLEGAL_STATE;
          default -> ErrorCode.UNAVAILABLE;
        };
    String verb = code == ErrorCode.UNAVAILABLE ? "failed " : "rejected ";
    return new ChromaException(
        code, status, "Chroma " + verb + action + " (HTTP " + status + "): " + chromaMessage, null);
  }

  public int status() {
    return status;
  }

  public boolean isNotFound() {
    return status == 404;
  }

  public boolean isConflict() {
    return status == 409;
  }
}
