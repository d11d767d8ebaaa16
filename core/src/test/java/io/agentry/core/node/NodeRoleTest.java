package io.agentry.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class NodeRoleTest {

  @Test
  void parses_lists_case_insensitively_and_describes_them_in_order() {
    var roles = NodeRole.parseList(" Worker,api ,");
    assertThat(roles).containsExactlyInAnyOrder(NodeRole.API, NodeRole.WORKER);
    assertThat(NodeRole.describe(EnumSet.allOf(NodeRole.class))).isEqualTo("api,director,worker");
  }

  @Test
  void rejects_unknown_and_empty_role_lists_naming_the_choices() {
    assertThatThrownBy(() -> NodeRole.parseList("api,coder"))
        .hasMessage("unknown role 'coder'; choose from api, director, worker");
    assertThatThrownBy(() -> NodeRole.parseList(" , ")).hasMessageStartingWith("no roles given");
  }

  @Test
  void identity_survives_a_json_round_trip() {
    var identity =
        new NodeIdentity(
            "n1",
            EnumSet.of(NodeRole.WORKER),
            "host",
            null,
            java.time.Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(NodeIdentity.fromJson(identity.toJson())).isEqualTo(identity);
  }
}
