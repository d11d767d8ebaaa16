package io.agentry.core.jobs.bus;

import io.vertx.core.json.JsonObject;

/**
 * A worker pool's credit report: how many jobs it can hold, how many it holds now, and the last
 * dispatch it received from {@code directorId}. The director grants {@code capacity - inFlight}
 * minus what it sent after {@code seenSeq}. A {@code draining} pool gets nothing more.
 */
public record WorkerReport(
    String nodeId,
    String role,
    int capacity,
    int inFlight,
    String directorId,
    long seenSeq,
    boolean draining) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("nodeId", nodeId)
        .put("role", role)
        .put("capacity", capacity)
        .put("inFlight", inFlight)
        .put("directorId", directorId)
        .put("seenSeq", seenSeq)
        .put("draining", draining);
  }

  public static WorkerReport fromJson(JsonObject json) {
    return new WorkerReport(
        json.getString("nodeId"),
        json.getString("role"),
        json.getInteger("capacity"),
        json.getInteger("inFlight"),
        json.getString("directorId"),
        json.getLong("seenSeq", 0L),
        json.getBoolean("draining", false));
  }
}
