package io.agentry.core.knowledge;

/** The three kinds of node of the error graph. */
public enum NodeKind {
  ERROR,
  SOLUTION,
  PATTERN
}
