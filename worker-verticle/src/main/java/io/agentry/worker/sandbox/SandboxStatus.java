package io.agentry.worker.sandbox;

import io.vertx.core.json.JsonObject;

/**
 * Whether the sandbox may run anything, and how: {@code reason} says why not when unavailable;
 * {@code memoryLimit} says how memory is limited (a cgroup, or why none could be used); {@code
 * runAs} is the host user the commands run as.
 */
public record SandboxStatus(boolean available, String reason, String memoryLimit, String runAs) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("available", available)
        .put("reason", reason)
        .put("memoryLimit", memoryLimit)
        .put("runAs", runAs);
  }
}
