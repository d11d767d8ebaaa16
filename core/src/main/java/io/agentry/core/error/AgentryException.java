package io.agentry.core.error;

/** A failure with a stable {@link ErrorCode} and a message fit to show to the caller. */
public class AgentryException extends RuntimeException {

  private final ErrorCode code;

  public AgentryException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public AgentryException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
