package io.agentry.worker.tools;

/**
 * How much harm a tool call can do: reading (SAFE), changing the workspace or running code in the
 * sandbox (RISKY), acting outside the node (DANGEROUS: pushing, sending mail).
 */
public enum RiskLevel {
  SAFE,
  RISKY,
  DANGEROUS
}
