package io.agentry.core.llm;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A function the model may call: name, what it does, and its parameters as a JSON schema. */
public record ToolDefinition(String name, String description, JsonObject parameters) {

  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    parameters = parameters == null ? new JsonObject().put("type", "object") : parameters;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("type", "function")
        .put(
            "function",
            new JsonObject()
                .put("name", name)
                .put("description", description)
                .put("parameters", parameters));
  }

  public static ToolDefinition fromJson(JsonObject json) {
    JsonObject function = json.getJsonObject("function");
    return new ToolDefinition(
        function.getString("name"),
        function.getString("description"),
        function.getJsonObject("parameters"));
  }
}
