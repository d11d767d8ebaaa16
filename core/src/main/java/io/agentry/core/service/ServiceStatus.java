package io.agentry.core.service;

import io.vertx.core.json.JsonObject;

/** The outcome of one reachability check of an external service. */
public record ServiceStatus(String name, String target, boolean up, String detail, long millis) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("target", target)
        .put("up", up)
        .put("detail", detail)
        .put("millis", millis);
  }
}
