package io.agentry.core.auth;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.Locale;

/** The role of an API key; what each may do is {@link Permission}'s matrix. */
public enum Role {
  VIEWER,
  USER,
  AGENT,
  ADMIN;

  public boolean can(Permission permission) {
    return permission.grantedTo(this);
  }

  /** The value stored in {@code api_keys.role}. */
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a role name in any case; an unknown name is {@code BAD_USER_INPUT}. */
  public static Role parse(String value) {
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return role;
      }
    }
    throw new AgentryException(
        ErrorCode.BAD_USER_INPUT,
        "role: unknown role '" + value + "' (known: viewer, user, agent, admin)");
  }
}
