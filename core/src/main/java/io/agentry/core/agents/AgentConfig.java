package io.agentry.core.agents;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How an agent works, stored as {@code agents.config} (JSON). Every part has a default, so a
 * partial JSON object is a complete configuration; unknown keys and wrong types are rejected with
 * the key named, as in the node configuration.
 *
 * @param modelPreferences which models to use, best first, and sampling settings
 * @param memoryLimitTokens how much context (tokens) the agent may fill with memory and files
 * @param maxIterations the most model/tool rounds in one step before the agent must stop
 * @param allowedTools tool names the agent may call; empty means none (fail closed)
 * @param projectContext free-form setup: tech stack, style guidelines, templates
 * @param codeGenerationStrategy e.g. {@code test-driven} or {@code component-first}
 * @param retryPolicy how a failed step of this agent is retried
 */
public record AgentConfig(
    ModelPreferences modelPreferences,
    int memoryLimitTokens,
    int maxIterations,
    List<String> allowedTools,
    JsonObject projectContext,
    String codeGenerationStrategy,
    AgentRetryPolicy retryPolicy) {

  private static final Set<String> KEYS =
      Set.of(
          "modelPreferences",
          "memoryLimitTokens",
          "maxIterations",
          "allowedTools",
          "projectContext",
          "codeGenerationStrategy",
          "retryPolicy");

  public AgentConfig {
    Objects.requireNonNull(modelPreferences, "modelPreferences");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    allowedTools = List.copyOf(allowedTools);
    projectContext = projectContext == null ? new JsonObject() : projectContext.copy();
    check(
        memoryLimitTokens >= 1_000 && memoryLimitTokens <= 10_000_000,
        "config.memoryLimitTokens must be between 1000 and 10000000 (was "
            + memoryLimitTokens
            + ")");
    check(
        maxIterations >= 1 && maxIterations <= 10_000,
        "config.maxIterations must be between 1 and 10000 (was " + maxIterations + ")");
    check(
        codeGenerationStrategy != null
            && !codeGenerationStrategy.isBlank()
            && codeGenerationStrategy.length() <= 100,
        "config.codeGenerationStrategy must be 1 to 100 characters");
    for (String tool : allowedTools) {
      check(tool != null && !tool.isBlank(), "config.allowedTools must not contain blank names");
    }
  }

  public static AgentConfig defaults() {
    return new AgentConfig(
        ModelPreferences.defaults(),
        32_000,
        50,
        List.of(),
        new JsonObject(),
        "test-driven",
        AgentRetryPolicy.defaults());
  }

  public AgentConfig withMaxIterations(int value) {
    return new AgentConfig(
        modelPreferences,
        memoryLimitTokens,
        value,
        allowedTools,
        projectContext,
        codeGenerationStrategy,
        retryPolicy);
  }

  public AgentConfig withAllowedTools(List<String> value) {
    return new AgentConfig(
        modelPreferences,
        memoryLimitTokens,
        maxIterations,
        value,
        projectContext,
        codeGenerationStrategy,
        retryPolicy);
  }

  /** Reads a (possibly partial) JSON object; {@code null} gives the defaults. */
  public static AgentConfig fromJson(JsonObject json) {
    if (json == null) {
      return defaults();
    }
    for (String key : json.fieldNames()) {
      check(KEYS.contains(key), "config: unknown key '" + key + "' (known: " + KEYS + ")");
    }
    AgentConfig d = defaults();
    try {
      return new AgentConfig(
          ModelPreferences.fromJson(json.getJsonObject("modelPreferences")),
          json.getInteger("memoryLimitTokens", d.memoryLimitTokens()),
          json.getInteger("maxIterations", d.maxIterations()),
          strings(json.getJsonArray("allowedTools"), "config.allowedTools"),
          json.getJsonObject("projectContext", d.projectContext()),
          json.getString("codeGenerationStrategy", d.codeGenerationStrategy()),
          AgentRetryPolicy.fromJson(json.getJsonObject("retryPolicy")));
    } catch (ClassCastException e) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "config: a value has the wrong type: " + e.getMessage(), e);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("modelPreferences", modelPreferences.toJson())
        .put("memoryLimitTokens", memoryLimitTokens)
        .put("maxIterations", maxIterations)
        .put("allowedTools", new JsonArray(allowedTools))
        .put("projectContext", projectContext.copy())
        .put("codeGenerationStrategy", codeGenerationStrategy)
        .put("retryPolicy", retryPolicy.toJson());
  }

  static List<String> strings(JsonArray array, String field) {
    if (array == null) {
      return List.of();
    }
    for (Object item : array) {
      check(item instanceof String, field + " must hold only strings");
    }
    return array.stream().map(String.class::cast).toList();
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, message);
    }
  }

  /**
   * Models to try, best first (provider-qualified names such as {@code ollama/qwen2.5-coder}); an
   * empty list leaves the choice to the node's per-role routing. {@code null} sampling settings
   * mean the provider's default.
   */
  public record ModelPreferences(List<String> models, Double temperature, Double topP) {

    public ModelPreferences {
      models = List.copyOf(models);
      check(
          temperature == null || (temperature >= 0 && temperature <= 2),
          "config.modelPreferences.temperature must be between 0 and 2");
      check(
          topP == null || (topP > 0 && topP <= 1),
          "config.modelPreferences.topP must be in (0, 1]");
    }

    public static ModelPreferences defaults() {
      return new ModelPreferences(List.of(), null, null);
    }

    static ModelPreferences fromJson(JsonObject json) {
      if (json == null) {
        return defaults();
      }
      for (String key : json.fieldNames()) {
        check(
            Set.of("models", "temperature", "topP").contains(key),
            "config.modelPreferences: unknown key '" + key + "'");
      }
      return new ModelPreferences(
          strings(json.getJsonArray("models"), "config.modelPreferences.models"),
          json.getDouble("temperature"),
          json.getDouble("topP"));
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("models", new JsonArray(models));
      if (temperature != null) {
        json.put("temperature", temperature);
      }
      if (topP != null) {
        json.put("topP", topP);
      }
      return json;
    }
  }
}
