package io.agentry.core.memory.chroma;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Chroma 1.0 metadata holds only strings, integers, floats and booleans. {@link #flatten} turns
 * caller metadata into that shape: nested objects become dotted keys ({@code {"error": {"type":
 * "X"}}} → {@code "error.type": "X"}), arrays become their JSON text, nulls are dropped. {@link
 * #where} accepts Chroma's filter syntax, flattens nested equality the same way, and joins several
 * top-level conditions with {@code $and} (Chroma itself rejects more than one).
 */
public final class ChromaMetadata {

  private ChromaMetadata() {}

  /** Flat metadata for Chroma; a key or value Chroma cannot hold is {@code BAD_USER_INPUT}. */
  public static JsonObject flatten(JsonObject metadata) {
    JsonObject flat = new JsonObject();
    if (metadata != null) {
      flattenInto(flat, "", metadata);
    }
    return flat;
  }

  /** The filter to send, or null for none. */
  public static JsonObject where(JsonObject where) {
    if (where == null || where.isEmpty()) {
      return null;
    }
    JsonObject flat = new JsonObject();
    for (Map.Entry<String, Object> entry : where) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.startsWith("$")) {
        flat.put(key, value);
      } else if (value instanceof JsonObject nested && !isOperator(nested)) {
        flattenInto(flat, key + ".", nested);
      } else {
        requireKey(key, "where");
        flat.put(key, value);
      }
    }
    if (flat.size() == 1) {
      return flat;
    }
    JsonArray all = new JsonArray();
    flat.forEach(e -> all.add(new JsonObject().put(e.getKey(), e.getValue())));
    return new JsonObject().put("$and", all);
  }

  private static boolean isOperator(JsonObject condition) {
    return !condition.isEmpty() && condition.fieldNames().stream().allMatch(k -> k.startsWith("$"));
  }

  private static void flattenInto(JsonObject flat, String prefix, JsonObject source) {
    for (Map.Entry<String, Object> entry : source) {
      requireKey(entry.getKey(), "metadata");
      String key = prefix + entry.getKey();
      Object value = entry.getValue();
      if (value == null) {
        continue;
      }
      if (value instanceof JsonObject nested) {
        flattenInto(flat, key + ".", nested);
      } else if (value instanceof Map<?, ?> map) {
        flattenInto(flat, key + ".", new JsonObject(cast(map)));
      } else {
        flat.put(key, scalar(key, value));
      }
    }
  }

  private static Object scalar(String key, Object value) {
    return switch (value) {
      case String s -> s;
      case Boolean b -> b;
      case Integer i -> i.longValue();
      case Long l -> l;
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> finite(key, d);
      case Float f -> finite(key, f.doubleValue());
      case Number n -> finite(key, n.doubleValue());
      case JsonArray array -> array.encode();
      case List<?> list -> new JsonArray(list).encode();
      case Instant instant -> instant.toString();
      case Enum<?> e -> e.name();
      case CharSequence chars -> chars.toString();
      default ->
          throw new AgentryException(
              ErrorCode.BAD_USER_INPUT,
              "metadata '"
                  + key
                  + "' has a value of type "
                  + value.getClass().getSimpleName()
                  + "; use strings, numbers, booleans, objects or arrays");
    };
  }

  private static double finite(String key, double value) {
    if (!Double.isFinite(value)) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "metadata '" + key + "' is not a finite number: " + value);
    }
    return value;
  }

  private static void requireKey(String key, String where) {
    if (key.isBlank() || key.startsWith("$") || key.startsWith("#")) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          where + " key '" + key + "' must not be blank or start with '$' or '#'");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
