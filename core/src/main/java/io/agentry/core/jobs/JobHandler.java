package io.agentry.core.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What a worker runs for one kind of job. A handler returns the job's result; a failed future is a
 * failed attempt ({@link NonRetryableJobException} when retrying cannot help). Handlers should look
 * at {@link JobContext#cancelled()} in long work and stop early.
 */
@FunctionalInterface
public interface JobHandler {
  Future<JsonObject> handle(JobContext context);
}
