package io.agentry.worker.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (processes, JGit, sockets) on a fresh virtual thread and completes on the
 * caller's Vert.x context, so long tool calls neither block an event loop nor hold a worker thread.
 */
public final class Blocking {

  private Blocking() {}

  public static <T> Future<T> run(Vertx vertx, String name, Callable<T> work) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    Thread.ofVirtual()
        .name(name)
        .start(
            () -> {
              try {
                T value = work.call();
                context.runOnContext(v -> promise.complete(value));
              } catch (Exception e) {
                context.runOnContext(v -> promise.fail(e));
              }
            });
    return promise.future();
  }
}
