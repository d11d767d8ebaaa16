package io.agentry.worker.tools;

import java.util.Locale;

/**
 * Which tool calls wait for a person: none; those acting outside the node (pushing, sending mail:
 * {@code dangerous}, the default, since the sandbox contains everything else); everything above
 * SAFE ({@code risky}: also workspace writes and commands); or all of them.
 */
public enum ApprovalPolicy {
  NEVER,
  DANGEROUS,
  RISKY,
  ALWAYS;

  public boolean needsApproval(RiskLevel risk) {
    return switch (this) {
      case NEVER -> false;
      case DANGEROUS -> risk == RiskLevel.DANGEROUS;
      case RISKY -> risk != RiskLevel.SAFE;
      case ALWAYS -> true;
    };
  }

  public static ApprovalPolicy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "approval policy '" + text + "' is not one of never, dangerous, risky, always");
    }
  }
}
