package io.agentry.core.agents;

import static io.agentry.core.agents.AgentConfig.check;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * How often and how patiently a failed step of this agent is tried again: up to {@code maxAttempts}
 * in all, waiting {@code initialBackoffMillis} and then {@code multiplier} times longer each time,
 * never more than {@code maxBackoffMillis}. The job queue applies it when it enqueues the agent's
 * work.
 */
public record AgentRetryPolicy(
    int maxAttempts, long initialBackoffMillis, double multiplier, long maxBackoffMillis) {

  public AgentRetryPolicy {
    check(
        maxAttempts >= 1 && maxAttempts <= 100,
        "config.retryPolicy.maxAttempts must be between 1 and 100 (was " + maxAttempts + ")");
    check(initialBackoffMillis >= 0, "config.retryPolicy.initialBackoffMillis must be >= 0");
    check(multiplier >= 1.0, "config.retryPolicy.multiplier must be >= 1");
    check(
        maxBackoffMillis >= initialBackoffMillis,
        "config.retryPolicy.maxBackoffMillis must be >= initialBackoffMillis");
  }

  public static AgentRetryPolicy defaults() {
    return new AgentRetryPolicy(3, 1_000, 2.0, 60_000);
  }

  static AgentRetryPolicy fromJson(JsonObject json) {
    if (json == null) {
      return defaults();
    }
    for (String key : json.fieldNames()) {
      check(
          Set.of("maxAttempts", "initialBackoffMillis", "multiplier", "maxBackoffMillis")
              .contains(key),
          "config.retryPolicy: unknown key '" + key + "'");
    }
    AgentRetryPolicy d = defaults();
    return new AgentRetryPolicy(
        json.getInteger("maxAttempts", d.maxAttempts()),
        json.getLong("initialBackoffMillis", d.initialBackoffMillis()),
        json.getDouble("multiplier", d.multiplier()),
        json.getLong("maxBackoffMillis", d.maxBackoffMillis()));
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("maxAttempts", maxAttempts)
        .put("initialBackoffMillis", initialBackoffMillis)
        .put("multiplier", multiplier)
        .put("maxBackoffMillis", maxBackoffMillis);
  }
}
