package io.agentry.core.llm.usage;

import java.util.Locale;

/** What a budget caps: all model calls of a project, or of one task. */
public enum BudgetScope {
  PROJECT,
  TASK;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BudgetScope fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
