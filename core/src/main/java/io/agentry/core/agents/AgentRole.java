package io.agentry.core.agents;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What an agent can do; a task step is given to an agent holding the matching role. */
public enum AgentRole {
  ARCHITECT,
  CODER,
  TESTER,
  DEBUGGER;

  /** The value stored in {@code agents.roles} and used in job roles. */
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a role name in any case; an unknown name is {@code BAD_USER_INPUT}. */
  public static AgentRole parse(String value) {
    for (AgentRole role : values()) {
      if (role.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return role;
      }
    }
    throw new AgentryException(
        ErrorCode.BAD_USER_INPUT,
        "roles: unknown role '"
            + value
            + "' (known: "
            + Arrays.stream(values()).map(AgentRole::db).collect(Collectors.joining(", "))
            + ")");
  }

  /** Parses role names; unknown names are {@code BAD_USER_INPUT} naming the field {@code roles}. */
  public static Set<AgentRole> parseAll(Collection<String> values) {
    Set<AgentRole> roles = EnumSet.noneOf(AgentRole.class);
    values.forEach(v -> roles.add(parse(v)));
    return roles;
  }
}
