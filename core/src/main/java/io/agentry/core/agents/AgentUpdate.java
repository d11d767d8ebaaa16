package io.agentry.core.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A partial update of an agent definition: {@code null} leaves a field as it is. The project and
 * tenant of an agent never change; status changes go through the lifecycle methods.
 */
public record AgentUpdate(
    String name,
    String description,
    Set<AgentRole> roles,
    String goal,
    AgentConfig config,
    ComplexityRange complexity,
    String owner) {

  public AgentUpdate {
    name = name == null ? null : NewAgent.requireName(name);
    description = description == null ? null : NewAgent.optionalText(description, "description");
    roles = roles == null ? null : NewAgent.requireRoles(roles);
    goal = goal == null ? null : NewAgent.optionalText(goal, "goal");
    owner = owner == null ? null : NewAgent.optionalText(owner, "owner");
  }

  public static AgentUpdate none() {
    return new AgentUpdate(null, null, null, null, null, null, null);
  }

  public AgentUpdate withName(String value) {
    return new AgentUpdate(value, description, roles, goal, config, complexity, owner);
  }

  public AgentUpdate withRoles(Set<AgentRole> value) {
    return new AgentUpdate(name, description, value, goal, config, complexity, owner);
  }

  public AgentUpdate withGoal(String value) {
    return new AgentUpdate(name, description, roles, value, config, complexity, owner);
  }

  public AgentUpdate withConfig(AgentConfig value) {
    return new AgentUpdate(name, description, roles, goal, value, complexity, owner);
  }

  public AgentUpdate withComplexity(ComplexityRange value) {
    return new AgentUpdate(name, description, roles, goal, config, value, owner);
  }

  /** The names of the fields this update sets, for the ledger. */
  public List<String> fields() {
    List<String> fields = new ArrayList<>();
    if (name != null) fields.add("name");
    if (description != null) fields.add("description");
    if (roles != null) fields.add("roles");
    if (goal != null) fields.add("goal");
    if (config != null) fields.add("config");
    if (complexity != null) fields.add("complexity");
    if (owner != null) fields.add("owner");
    return fields;
  }

  /** The agent with this update applied (validation of the result is the constructor's job). */
  public Agent applyTo(Agent a) {
    return new Agent(
        a.id(),
        a.tenantId(),
        a.projectId(),
        name != null ? name : a.name(),
        description != null ? description : a.description(),
        roles != null ? roles : a.roles(),
        goal != null ? goal : a.goal(),
        a.status(),
        config != null ? config : a.config(),
        complexity != null ? complexity : a.complexity(),
        owner != null ? owner : a.owner(),
        a.restartCount(),
        a.recentCrashes(),
        a.createdAt(),
        a.updatedAt(),
        a.deletedAt());
  }
}
