package io.agentry.node;

/** The node cannot start; the message tells the operator what to fix. */
final class StartupException extends RuntimeException {
  StartupException(String message) {
    super(message);
  }
}
