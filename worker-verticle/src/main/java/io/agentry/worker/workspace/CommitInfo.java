package io.agentry.worker.workspace;

import io.vertx.core.json.JsonObject;

/** A commit: its id and the first line of its message. */
public record CommitInfo(String id, String summary) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("summary", summary);
  }
}
