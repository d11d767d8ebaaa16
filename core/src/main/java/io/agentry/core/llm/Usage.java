package io.agentry.core.llm;

import io.vertx.core.json.JsonObject;

/**
 * Tokens one call consumed. {@code estimated} is true when the provider did not report usage and
 * the counts were estimated from characters (see {@link TokenEstimator}).
 */
public record Usage(long inputTokens, long outputTokens, boolean estimated) {

  public static final Usage NONE = new Usage(0, 0, false);

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("inputTokens", inputTokens)
        .put("outputTokens", outputTokens)
        .put("estimated", estimated);
  }

  public static Usage fromJson(JsonObject json) {
    return json == null
        ? NONE
        : new Usage(
            json.getLong("inputTokens", 0L),
            json.getLong("outputTokens", 0L),
            json.getBoolean("estimated", false));
  }
}
