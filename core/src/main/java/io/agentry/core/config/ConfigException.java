package io.agentry.core.config;

/** A configuration value is missing, unknown or of the wrong type; the message says which. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
