package io.agentry.core.node.health;

import io.vertx.core.json.JsonObject;

/** An answer of {@code /health} or {@code /ready}: the HTTP status and the JSON body. */
public record HealthReport(int status, JsonObject body) {}
