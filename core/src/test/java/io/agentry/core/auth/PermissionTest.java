package io.agentry.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seed's permission matrix, cell by cell. */
class PermissionTest {

  private static final Map<Role, Set<Permission>> MATRIX =
      Map.of(
          Role.VIEWER, EnumSet.of(Permission.PROJECT_READ, Permission.AGENT_READ),
          Role.USER,
              EnumSet.of(
                  Permission.PROJECT_READ,
                  Permission.PROJECT_WRITE,
                  Permission.PROJECT_EXECUTE,
                  Permission.AGENT_READ),
          Role.AGENT,
              EnumSet.of(
                  Permission.PROJECT_READ,
                  Permission.PROJECT_EXECUTE,
                  Permission.AGENT_READ,
                  Permission.AGENT_WRITE,
                  Permission.SYSTEM_READ),
          Role.ADMIN, EnumSet.allOf(Permission.class));

  @Test
  void every_role_has_exactly_the_permissions_of_the_matrix() {
    for (Role role : Role.values()) {
      for (Permission permission : Permission.values()) {
        assertThat(role.can(permission))
            .as(role + " / " + permission)
            .isEqualTo(MATRIX.get(role).contains(permission));
      }
    }
  }
}
