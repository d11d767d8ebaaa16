package io.agentry.core.jobs;

import io.vertx.core.json.JsonObject;

/** A successful attempt, reported under its lease. */
public record Completion(Lease lease, JsonObject result) {}
