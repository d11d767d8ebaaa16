package io.agentry.core.agents;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An agent definition as stored.
 *
 * @param projectId the project whose ledger records this agent's lifecycle, or {@code null} for a
 *     tenant-wide agent (whose lifecycle is not written to any ledger)
 * @param recentCrashes crashes inside the flap window at the last crash, oldest first
 * @param deletedAt set when the agent is deleted (soft delete: the row stays for history)
 */
public record Agent(
    UUID id,
    UUID tenantId,
    UUID projectId,
    String name,
    String description,
    Set<AgentRole> roles,
    String goal,
    AgentStatus status,
    AgentConfig config,
    ComplexityRange complexity,
    String owner,
    int restartCount,
    List<Instant> recentCrashes,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt) {

  public Agent {
    roles = Set.copyOf(roles);
    recentCrashes = List.copyOf(recentCrashes);
  }

  public boolean hasRole(AgentRole role) {
    return roles.contains(role);
  }
}
