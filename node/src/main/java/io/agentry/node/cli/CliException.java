package io.agentry.node.cli;

/** The command cannot go on; the message tells the user what to do, the code is the exit status. */
public final class CliException extends Exception {

  private final int exitCode;
  private final boolean retryable;

  public CliException(int exitCode, String message) {
    this(exitCode, message, false);
  }

  private CliException(int exitCode, String message, boolean retryable) {
    super(message);
    this.exitCode = exitCode;
    this.retryable = retryable;
  }

  /** The node could not be reached (or answered nothing usable): trying again may help. */
  static CliException unreachable(String message) {
    return new CliException(AgentryCli.EXIT_API_ERROR, message, true);
  }

  public int exitCode() {
    return exitCode;
  }

  /** Whether the same request may succeed later (the node was away), unlike a refusal. */
  public boolean retryable() {
    return retryable;
  }
}
