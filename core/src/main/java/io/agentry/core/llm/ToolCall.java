package io.agentry.core.llm;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A function call the model asked for: the provider's call id (echoed back in the tool result), the
 * function name and its arguments as the JSON text the model produced.
 */
public record ToolCall(String id, String name, String arguments) {

  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }

  /**
   * The arguments parsed; a model that wrote something other than a JSON object gets a {@code
   * MODEL_ERROR} naming the call, so the caller can tell it what went wrong.
   */
  public JsonObject argumentsJson() {
    try {
      return new JsonObject(arguments);
    } catch (DecodeException | ClassCastException e) {
      throw ModelCallException.malformed(
          "tool call "
              + id
              + " ("
              + name
              + ") has arguments that are not a JSON object: "
              + abbreviate(arguments));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }

  public static ToolCall fromJson(JsonObject json) {
    JsonObject function = json.getJsonObject("function");
    if (json.getString("id") == null || function == null || function.getString("name") == null) {
      throw ModelCallException.malformed("tool call without id or function name: " + json);
    }
    return new ToolCall(
        json.getString("id"), function.getString("name"), function.getString("arguments"));
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
