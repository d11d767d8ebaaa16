package io.agentry.core.jobs.bus;

import io.vertx.core.json.JsonObject;

/**
 * A worker pool's credit report: how many jobs it can hold, how many it holds now, and the last
 * grant it received from {@code directorId}. The director grants {@code capacity - inFlight} minus
 * what it granted after {@code seenSeq}. A {@code draining} pool gets nothing more.
 *
 * <p>What the pool's claim for grant {@code claimedForSeq} found tells the director whether more
 * jobs may be due: {@code claimShort} (fewer than granted, so none were left at that moment) and
 * {@code claimCapped} (the role's limit held it back). {@code finished} counts the jobs the pool
 * has finished so far; a rise frees a place under a role limit.
 */
public record WorkerReport(
    String nodeId,
    String role,
    int capacity,
    int inFlight,
    String directorId,
    long seenSeq,
    boolean draining,
    long claimedForSeq,
    boolean claimShort,
    boolean claimCapped,
    long finished) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("nodeId", nodeId)
        .put("role", role)
        .put("capacity", capacity)
        .put("inFlight", inFlight)
        .put("directorId", directorId)
        .put("seenSeq", seenSeq)
        .put("draining", draining)
        .put("claimedForSeq", claimedForSeq)
        .put("claimShort", claimShort)
        .put("claimCapped", claimCapped)
        .put("finished", finished);
  }

  public static WorkerReport fromJson(JsonObject json) {
    return new WorkerReport(
        json.getString("nodeId"),
        json.getString("role"),
        json.getInteger("capacity"),
        json.getInteger("inFlight"),
        json.getString("directorId"),
        json.getLong("seenSeq", 0L),
        json.getBoolean("draining", false),
        json.getLong("claimedForSeq", 0L),
        json.getBoolean("claimShort", false),
        json.getBoolean("claimCapped", false),
        json.getLong("finished", 0L));
  }
}
