package io.agentry.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code role=n,role=n} settings such as worker pools and role limits. */
final class RoleCounts {

  private RoleCounts() {}

  static Map<String, Integer> parse(String key, String text, int min) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split("=");
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new ConfigException(key + ": '" + trimmed + "' is not role=number");
      }
      try {
        int value = Integer.parseInt(parts[1].trim());
        if (value < min) {
          throw new NumberFormatException();
        }
        counts.put(parts[0].trim(), value);
      } catch (NumberFormatException e) {
        throw new ConfigException(
            key + ": the number for '" + parts[0].trim() + "' must be an integer >= " + min);
      }
    }
    return counts;
  }
}
