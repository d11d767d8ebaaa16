package io.agentry.core.knowledge;

import java.util.Locale;

/** The edges of the error graph; each joins one pair of node kinds in one direction. */
public enum Relation {
  /** A fix tried for the error; weight: its success rate ({@link Confidence#successRate}). */
  SOLVED_BY(NodeKind.ERROR, NodeKind.SOLUTION),
  /** The solution is an example of the pattern (for an anti-pattern: a fix that kept failing). */
  INSTANCE_OF(NodeKind.SOLUTION, NodeKind.PATTERN),
  /** A pattern (common cause, prevention) of the error. */
  EXPLAINS(NodeKind.PATTERN, NodeKind.ERROR),
  /** An anti-pattern not to repeat for the error; weight: failures seen. */
  AVOID_FOR(NodeKind.PATTERN, NodeKind.ERROR);

  private final NodeKind from;
  private final NodeKind to;

  Relation(NodeKind from, NodeKind to) {
    this.from = from;
    this.to = to;
  }

  public NodeKind from() {
    return from;
  }

  public NodeKind to() {
    return to;
  }

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Relation fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
