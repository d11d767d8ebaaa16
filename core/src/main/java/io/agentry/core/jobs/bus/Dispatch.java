package io.agentry.core.jobs.bus;

import io.agentry.core.jobs.Lease;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs the director leased to one worker pool, sent over the event bus. Only the fast path: if this
 * message is lost the leases expire unacknowledged and the jobs return to the queue. {@code seq}
 * numbers the dispatches of one director to one pool, so the worker can acknowledge them.
 */
public record Dispatch(String directorId, long seq, String role, List<Lease> leases) {

  public JsonObject toJson() {
    JsonArray ids = new JsonArray();
    JsonArray epochs = new JsonArray();
    leases.forEach(
        l -> {
          ids.add(l.jobId());
          epochs.add(l.epoch());
        });
    String owner = leases.isEmpty() ? null : leases.get(0).owner();
    return new JsonObject()
        .put("directorId", directorId)
        .put("seq", seq)
        .put("role", role)
        .put("owner", owner)
        .put("ids", ids)
        .put("epochs", epochs);
  }

  public static Dispatch fromJson(JsonObject json) {
    JsonArray ids = json.getJsonArray("ids");
    JsonArray epochs = json.getJsonArray("epochs");
    String owner = json.getString("owner");
    List<Lease> leases = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      leases.add(new Lease(ids.getLong(i), epochs.getLong(i), owner));
    }
    return new Dispatch(
        json.getString("directorId"), json.getLong("seq"), json.getString("role"), leases);
  }
}
