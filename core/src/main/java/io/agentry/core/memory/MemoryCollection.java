package io.agentry.core.memory;

import java.util.Locale;

/** What a memory holds; each is its own Chroma collection per tenant. */
public enum MemoryCollection {
  /** Code the agents wrote or read, with its file and language. */
  CODE_SNIPPETS,
  /** Error messages and stack traces seen while testing. */
  ERROR_PATTERNS,
  /** Fixes that made an error go away, with what they fixed. */
  SOLUTIONS,
  /** Goals, plans and acceptance criteria. */
  REQUIREMENTS;

  /** The collection's name in Chroma, e.g. {@code code_snippets}. */
  public String collectionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
