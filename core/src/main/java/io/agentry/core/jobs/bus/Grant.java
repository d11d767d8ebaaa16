package io.agentry.core.jobs.bus;

import io.vertx.core.json.JsonObject;

/**
 * The director's leave for one worker pool to claim up to {@code count} jobs of {@code role} for
 * itself (docs/adr/0010). Only the fast path: a lost grant leaves nothing behind, since nothing is
 * claimed until the worker claims. {@code seq} numbers the grants of one director to one pool, so
 * the worker can acknowledge them.
 */
public record Grant(String directorId, long seq, String role, int count) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("directorId", directorId)
        .put("seq", seq)
        .put("role", role)
        .put("count", count);
  }

  public static Grant fromJson(JsonObject json) {
    return new Grant(
        json.getString("directorId"),
        json.getLong("seq"),
        json.getString("role"),
        json.getInteger("count"));
  }
}
