package io.agentry.core.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a caller may do, and which roles may do it: the permission matrix of the design brief (seed
 * 004), in one place.
 *
 * <pre>
 *            Projects   Agents   System   Admin
 * viewer     read       read     -        -
 * user       CRUD       read     -        -
 * agent      execute    CRUD     read     -
 * admin      full       full     full     full
 * </pre>
 *
 * "Projects" covers projects and what lives in them: tasks, jobs and the ledger. "Execute" is
 * reading plus running work (submitting goals, cancelling tasks, answering approvals) without
 * creating or changing projects. "System" is the cluster: nodes, services, worker capacity. "Admin"
 * is API keys. Every permission is checked against the caller's own tenant only.
 */
public enum Permission {
  PROJECT_READ(Role.VIEWER, Role.USER, Role.AGENT, Role.ADMIN),
  /** Create, change and delete projects. */
  PROJECT_WRITE(Role.USER, Role.ADMIN),
  /** Submit goals, cancel tasks, decide approvals. */
  PROJECT_EXECUTE(Role.USER, Role.AGENT, Role.ADMIN),
  AGENT_READ(Role.VIEWER, Role.USER, Role.AGENT, Role.ADMIN),
  /** Create, change, delete agents and drive their lifecycle. */
  AGENT_WRITE(Role.AGENT, Role.ADMIN),
  SYSTEM_READ(Role.AGENT, Role.ADMIN),
  /** API keys. */
  ADMIN(Role.ADMIN);

  private final Set<Role> roles;

  Permission(Role first, Role... rest) {
    this.roles = EnumSet.of(first, rest);
  }

  public boolean grantedTo(Role role) {
    return roles.contains(role);
  }
}
