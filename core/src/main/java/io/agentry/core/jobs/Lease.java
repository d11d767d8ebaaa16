package io.agentry.core.jobs;

import io.vertx.core.json.JsonObject;

/**
 * The fencing token of one claim of a job: every write after the claim names the job, the node that
 * owns it and the lease epoch. A write whose epoch or owner no longer matches is rejected, so a
 * node that comes back from the dead cannot touch a job that was handed to someone else.
 */
public record Lease(long jobId, long epoch, String owner) {

  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("epoch", epoch).put("owner", owner);
  }

  public static Lease fromJson(JsonObject json) {
    return new Lease(json.getLong("jobId"), json.getLong("epoch"), json.getString("owner"));
  }
}
