package io.agentry.worker.tools.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates tool arguments against the JSON-schema subset tools use: {@code type} (object, string,
 * integer, number, boolean, array), {@code required}, {@code properties}, {@code
 * additionalProperties: false}, {@code enum}, {@code maxLength}. Errors name the offending path so
 * the model can fix its call.
 */
public final class SchemaValidator {

  private SchemaValidator() {}

  public static List<String> validate(JsonObject schema, Object value) {
    List<String> errors = new ArrayList<>();
    check(schema, value, "arguments", errors);
    return errors;
  }

  private static void check(JsonObject schema, Object value, String path, List<String> errors) {
    String type = schema.getString("type");
    if (type != null && !hasType(type, value)) {
      errors.add(path + " must be " + article(type) + ", not " + describe(value));
      return;
    }
    JsonArray allowed = schema.getJsonArray("enum");
    if (allowed != null && !allowed.contains(value)) {
      errors.add(path + " must be one of " + allowed.encode() + ", not " + describe(value));
    }
    Integer maxLength = schema.getInteger("maxLength");
    if (maxLength != null && value instanceof String s && s.length() > maxLength) {
      errors.add(
          path + " is " + s.length() + " characters long; at most " + maxLength + " allowed");
    }
    if (value instanceof JsonObject object) {
      checkObject(schema, object, path, errors);
    }
  }

  private static void checkObject(
      JsonObject schema, JsonObject object, String path, List<String> errors) {
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (Object name : schema.getJsonArray("required", new JsonArray())) {
      if (!object.containsKey((String) name) || object.getValue((String) name) == null) {
        errors.add(path + "." + name + " is required");
      }
    }
    for (String name : object.fieldNames()) {
      JsonObject property = properties.getJsonObject(name);
      if (property != null) {
        check(property, object.getValue(name), path + "." + name, errors);
      } else if (Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
        errors.add(
            path + "." + name + " is not a parameter (known: " + properties.fieldNames() + ")");
      }
    }
  }

  private static boolean hasType(String type, Object value) {
    return switch (type) {
      case "object" -> value instanceof JsonObject;
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      case "array" -> value instanceof JsonArray;
      default -> true;
    };
  }

  private static String article(String type) {
    return (type.matches("[aeiou].*") ? "an " : "a ") + type;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    return switch (value) {
      case String s -> "a string";
      case Integer i -> "an integer";
      case Long l -> "an integer";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      case JsonObject o -> "an object";
      case JsonArray a -> "an array";
      default -> value.getClass().getSimpleName();
    };
  }
}
