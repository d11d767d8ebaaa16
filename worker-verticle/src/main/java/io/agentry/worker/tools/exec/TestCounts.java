package io.agentry.worker.tools.exec;

import io.vertx.core.json.JsonObject;

/** Passed and failed test counts parsed from a test runner's output. */
public record TestCounts(int passed, int failed, int skipped) {

  public JsonObject toJson() {
    return new JsonObject().put("passed", passed).put("failed", failed).put("skipped", skipped);
  }
}
