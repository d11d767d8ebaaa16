package io.agentry.core.knowledge;

import java.util.Locale;

/** A pattern explains an error (common causes, prevention); an anti-pattern is a fix to avoid. */
public enum PatternKind {
  PATTERN,
  ANTI_PATTERN;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PatternKind fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
