package io.agentry.core.agents;

import static io.agentry.core.agents.AgentConfig.check;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What it takes to create an agent. The constructor validates everything it can without the
 * database and names the field in its {@code BAD_USER_INPUT} message.
 *
 * @param projectId optional; when set, it must be a project of {@code tenantId}
 */
public record NewAgent(
    UUID tenantId,
    UUID projectId,
    String name,
    String description,
    Set<AgentRole> roles,
    String goal,
    AgentConfig config,
    ComplexityRange complexity,
    String owner) {

  static final int MAX_NAME = 100;
  static final int MAX_TEXT = 10_000;

  public NewAgent {
    check(tenantId != null, "tenantId is required");
    name = requireName(name);
    description = optionalText(description, "description");
    roles = requireRoles(roles);
    goal = optionalText(goal, "goal");
    config = config == null ? AgentConfig.defaults() : config;
    complexity = complexity == null ? ComplexityRange.all() : complexity;
    owner = optionalText(owner, "owner");
  }

  /** A new agent with the given roles and everything else defaulted. */
  public static NewAgent of(UUID tenantId, String name, Set<AgentRole> roles) {
    return new NewAgent(tenantId, null, name, "", roles, "", null, null, "");
  }

  public NewAgent withProject(UUID project) {
    return new NewAgent(
        tenantId, project, name, description, roles, goal, config, complexity, owner);
  }

  public NewAgent withComplexity(int min, int max) {
    return new NewAgent(
        tenantId,
        projectId,
        name,
        description,
        roles,
        goal,
        config,
        new ComplexityRange(min, max),
        owner);
  }

  static String requireName(String name) {
    String trimmed = name == null ? "" : name.strip();
    check(
        trimmed.length() >= 1 && trimmed.length() <= MAX_NAME,
        "name must be 1 to " + MAX_NAME + " characters (was " + trimmed.length() + ")");
    return trimmed;
  }

  static Set<AgentRole> requireRoles(Set<AgentRole> roles) {
    check(
        roles != null && !roles.isEmpty(),
        "roles must name at least one of architect, coder, tester, debugger");
    check(roles.stream().noneMatch(Objects::isNull), "roles must not contain null");
    return Set.copyOf(roles);
  }

  static String optionalText(String value, String field) {
    String text = value == null ? "" : value;
    check(text.length() <= MAX_TEXT, field + " must be at most " + MAX_TEXT + " characters");
    return text;
  }
}
