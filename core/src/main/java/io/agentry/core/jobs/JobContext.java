package io.agentry.core.jobs;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;

/** One running attempt as a handler sees it: the job, and whether someone asked to cancel it. */
public final class JobContext {

  private final Job job;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public JobContext(Job job) {
    this.job = job;
  }

  public Job job() {
    return job;
  }

  public JsonObject payload() {
    return job.payload();
  }

  public int attempt() {
    return job.attempts();
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  public void cancel() {
    cancelled.set(true);
  }
}
