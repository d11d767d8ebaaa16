package io.agentry.worker.workspace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Uncommitted changes of a workspace, by kind, and the checked-out branch. */
public record WorkspaceStatus(
    String branch,
    List<String> added,
    List<String> modified,
    List<String> removed,
    List<String> untracked) {

  public boolean clean() {
    return added.isEmpty() && modified.isEmpty() && removed.isEmpty() && untracked.isEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("branch", branch)
        .put("clean", clean())
        .put("added", new JsonArray(added))
        .put("modified", new JsonArray(modified))
        .put("removed", new JsonArray(removed))
        .put("untracked", new JsonArray(untracked));
  }
}
