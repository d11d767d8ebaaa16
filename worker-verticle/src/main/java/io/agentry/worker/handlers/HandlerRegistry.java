package io.agentry.worker.handlers;

import io.agentry.core.jobs.JobHandler;
import io.agentry.core.jobs.NonRetryableJobException;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/** The handlers a worker knows, by job kind. A job of an unknown kind fails without retry. */
public final class HandlerRegistry {

  private final Map<String, JobHandler> handlers = new HashMap<>();

  public HandlerRegistry register(String kind, JobHandler handler) {
    handlers.put(kind, handler);
    return this;
  }

  public JobHandler forKind(String kind) {
    JobHandler handler = handlers.get(kind);
    if (handler != null) {
      return handler;
    }
    return context ->
        Future.failedFuture(
            new NonRetryableJobException("no handler for job kind '" + kind + "' on this worker"));
  }
}
