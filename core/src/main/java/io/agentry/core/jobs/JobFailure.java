package io.agentry.core.jobs;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A failed attempt, stored as data: what kind of error, its message and stack, and whether trying
 * again could help. {@code nonRetryable} failures go to {@code dead} at once.
 */
public record JobFailure(String type, String message, String stack, boolean nonRetryable) {

  private static final int MAX_STACK_CHARS = 8_000;

  public static JobFailure of(Throwable error) {
    boolean nonRetryable = error instanceof NonRetryableJobException;
    return new JobFailure(
        error.getClass().getName(),
        String.valueOf(error.getMessage()),
        stackOf(error),
        nonRetryable);
  }

  public static JobFailure retryable(String type, String message) {
    return new JobFailure(type, message, "", false);
  }

  public static JobFailure nonRetryable(String type, String message) {
    return new JobFailure(type, message, "", true);
  }

  /** A lease that ran out: the node holding it died, froze or lost its connection. */
  public static JobFailure leaseExpired(String owner) {
    return retryable("LeaseExpired", "the lease held by node " + owner + " expired");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("type", type)
        .put("message", message)
        .put("stack", stack)
        .put("nonRetryable", nonRetryable);
  }

  public static JobFailure fromJson(JsonObject json) {
    return new JobFailure(
        json.getString("type"),
        json.getString("message"),
        json.getString("stack", ""),
        json.getBoolean("nonRetryable", false));
  }

  private static String stackOf(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    String stack = out.toString();
    return stack.length() <= MAX_STACK_CHARS ? stack : stack.substring(0, MAX_STACK_CHARS) + "\n…";
  }
}
