package io.agentry.worker.agent.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Caps the text a step records and shows, with a marker saying how much was left out. */
final class Capped {

  private Capped() {}

  static String text(String text, int max) {
    if (text == null) {
      return "";
    }
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max)
        + "\n… [truncated: "
        + (text.length() - max)
        + " more characters]";
  }

  /** A copy of {@code data} with every string longer than {@code max} capped. */
  static JsonObject strings(JsonObject data, int max) {
    if (data == null) {
      return new JsonObject();
    }
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> entry : data) {
      copy.put(entry.getKey(), value(entry.getValue(), max));
    }
    return copy;
  }

  private static Object value(Object value, int max) {
    if (value instanceof String s) {
      return text(s, max);
    }
    if (value instanceof JsonObject object) {
      return strings(object, max);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(v -> copy.add(value(v, max)));
      return copy;
    }
    return value;
  }
}
