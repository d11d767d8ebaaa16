package io.agentry.worker.tools.web;

import io.vertx.core.json.JsonObject;

/** One search result. */
public record SearchHit(String title, String url, String snippet) {

  public JsonObject toJson() {
    return new JsonObject().put("title", title).put("url", url).put("snippet", snippet);
  }
}
