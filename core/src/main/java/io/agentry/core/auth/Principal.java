package io.agentry.core.auth;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.Objects;
import java.util.UUID;

/** Who makes a request: the API key, its tenant and its role. */
public record Principal(UUID keyId, UUID tenantId, Role role) {

  public Principal {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(role, "role");
  }

  /** Throws {@code FORBIDDEN} unless this caller's role grants {@code permission}. */
  public void require(Permission permission) {
    if (!role.can(permission)) {
      throw new AgentryException(
          ErrorCode.FORBIDDEN,
          "role " + role.db() + " lacks permission " + permission.name().toLowerCase());
    }
  }

  /**
   * Throws {@code NOT_FOUND} when a resource belongs to another tenant: a foreign id looks exactly
   * like one that does not exist, so ids of other tenants cannot be probed.
   */
  public void requireOwn(UUID resourceTenantId, String what, Object id) {
    if (!tenantId.equals(resourceTenantId)) {
      throw new AgentryException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
    }
  }
}
