package io.agentry.worker.handlers;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.jobs.NonRetryableJobException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Handlers for tests, benchmarks and operations: {@code noop}; {@code sleep} ({@code ms}; stops
 * early when cancelled); {@code fail} (fails while the attempt is at most {@code failAttempts},
 * default always, {@code nonRetryable} optional); {@code latency} (reports how long after {@code
 * enqueuedAtNanos} — the producer's {@link System#nanoTime()} — the handler started).
 */
public final class BuiltInHandlers {

  private static final long CANCEL_CHECK_MS = 100;

  private BuiltInHandlers() {}

  public static HandlerRegistry register(Vertx vertx, HandlerRegistry registry) {
    return registry
        .register("noop", context -> Future.succeededFuture(new JsonObject()))
        .register("sleep", context -> sleep(vertx, context))
        .register("fail", BuiltInHandlers::fail)
        .register("latency", BuiltInHandlers::latency);
  }

  private static Future<JsonObject> sleep(Vertx vertx, JobContext context) {
    long ms = context.payload().getLong("ms", 0L);
    long deadline = System.nanoTime() + ms * 1_000_000;
    Promise<JsonObject> done = Promise.promise();
    tick(vertx, context, deadline, done);
    return done.future();
  }

  private static void tick(
      Vertx vertx, JobContext context, long deadline, Promise<JsonObject> done) {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (context.cancelled()) {
      done.fail("cancelled");
    } else if (left <= 0) {
      done.complete(new JsonObject().put("sleptOnAttempt", context.attempt()));
    } else {
      vertx.setTimer(Math.min(left, CANCEL_CHECK_MS), t -> tick(vertx, context, deadline, done));
    }
  }

  private static Future<JsonObject> fail(JobContext context) {
    JsonObject p = context.payload();
    int failAttempts = p.getInteger("failAttempts", Integer.MAX_VALUE);
    if (context.attempt() > failAttempts) {
      return Future.succeededFuture(new JsonObject().put("succeededOnAttempt", context.attempt()));
    }
    String message =
        p.getString("message", "failing on purpose") + " (attempt " + context.attempt() + ")";
    return Future.failedFuture(
        p.getBoolean("nonRetryable", false)
            ? new NonRetryableJobException(message)
            : new IllegalStateException(message));
  }

  private static Future<JsonObject> latency(JobContext context) {
    long now = System.nanoTime();
    Long enqueuedAt = context.payload().getLong("enqueuedAtNanos");
    if (enqueuedAt == null) {
      return Future.failedFuture(new NonRetryableJobException("latency job needs enqueuedAtNanos"));
    }
    return Future.succeededFuture(new JsonObject().put("latencyNanos", now - enqueuedAt));
  }
}
