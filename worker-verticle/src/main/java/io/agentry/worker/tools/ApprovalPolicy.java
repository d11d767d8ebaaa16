package io.agentry.worker.tools;

import java.util.Locale;

/** Which tool calls wait for a person: none, those above SAFE, or all of them. */
public enum ApprovalPolicy {
  NEVER,
  RISKY,
  ALWAYS;

  public boolean needsApproval(RiskLevel risk) {
    return switch (this) {
      case NEVER -> false;
      case RISKY -> risk != RiskLevel.SAFE;
      case ALWAYS -> true;
    };
  }

  public static ApprovalPolicy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "approval policy '" + text + "' is not one of never, risky, always");
    }
  }
}
