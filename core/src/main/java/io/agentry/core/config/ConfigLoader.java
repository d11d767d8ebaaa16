package io.agentry.core.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds an {@link AgentryConfig} from three layers, each overriding the one before: the defaults
 * shipped in {@code agentry-defaults.json}, an optional JSON file, and environment variables named
 * {@code AGENTRY_<SECTION>_<KEY>} in upper snake case (e.g. {@code AGENTRY_HTTP_PORT}, {@code
 * AGENTRY_CLUSTER_MAX_NO_HEARTBEAT_SECONDS}). Only keys present in the defaults exist; a value of
 * the wrong type is a {@link ConfigException}, never a silent fallback.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "/agentry-defaults.json";
  private static final Pattern CAMEL_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");

  private ConfigLoader() {}

  public static AgentryConfig load(Path file, Map<String, String> env) {
    JsonObject merged = defaults();
    if (file != null) {
      merged = merge(merged, readFile(file), file.toString());
    }
    applyEnvironment(merged, env);
    return AgentryConfig.fromJson(merged);
  }

  public static AgentryConfig defaultsOnly() {
    return AgentryConfig.fromJson(defaults());
  }

  /** The environment variable that overrides {@code section.key}. */
  public static String envName(String section, String key) {
    String snake = CAMEL_BOUNDARY.matcher(key).replaceAll("$1_$2");
    return ("AGENTRY_" + section + "_" + snake).toUpperCase();
  }

  private static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new ConfigException("missing " + DEFAULTS + " on the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read " + DEFAULTS + ": " + e.getMessage());
    }
  }

  private static JsonObject readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + " is not valid JSON: " + e.getMessage());
    }
  }

  private static JsonObject merge(JsonObject base, JsonObject overrides, String origin) {
    for (String section : overrides.fieldNames()) {
      JsonObject target = base.getJsonObject(section);
      Object values = overrides.getValue(section);
      if (target == null || !(values instanceof JsonObject sectionValues)) {
        throw new ConfigException(origin + ": unknown section '" + section + "'");
      }
      for (String key : sectionValues.fieldNames()) {
        if (!target.containsKey(key)) {
          throw new ConfigException(origin + ": unknown key '" + section + "." + key + "'");
        }
        target.put(key, coerce(target.getValue(key), sectionValues.getValue(key), origin, key));
      }
    }
    return base;
  }

  private static void applyEnvironment(JsonObject config, Map<String, String> env) {
    for (String section : config.fieldNames()) {
      JsonObject values = config.getJsonObject(section);
      for (String key : values.fieldNames()) {
        String name = envName(section, key);
        String raw = env.get(name);
        if (raw != null) {
          values.put(key, coerce(values.getValue(key), raw, name, key));
        }
      }
    }
  }

  private static Object coerce(Object defaultValue, Object value, String origin, String key) {
    String text = String.valueOf(value).trim();
    try {
      if (defaultValue instanceof Integer) {
        return value instanceof Number n ? n.intValue() : Integer.parseInt(text);
      }
      if (defaultValue instanceof Double) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
      }
      if (defaultValue instanceof Boolean) {
        if (value instanceof Boolean b) {
          return b;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(text);
        }
        throw new NumberFormatException("not a boolean");
      }
      return text;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          origin + ": '" + text + "' is not a valid " + typeName(defaultValue) + " for " + key);
    }
  }

  private static String typeName(Object value) {
    if (value instanceof Integer) {
      return "integer";
    }
    if (value instanceof Double) {
      return "number";
    }
    return value instanceof Boolean ? "boolean" : "string";
  }
}
