package io.agentry.node.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.testing.TestConfig;
import io.agentry.node.testing.NodeProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node that cannot do its job refuses to start, says why, and exits non-zero. */
class StartupRefusalTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void refuses_to_start_when_postgresql_is_unreachable() throws Exception {
    try (NodeProcess node =
        NodeProcess.start("refuse-no-postgres", Map.of("AGENTRY_POSTGRES_PORT", "1"))) {
      assertThat(node.awaitExit(TIMEOUT)).isEqualTo(3);
      assertThat(node.output())
          .contains(
              "cannot start: postgresql at postgresql://postgres@127.0.0.1:1/"
                  + TestConfig.load().postgres().database()
                  + " is unreachable")
          .contains("infra/services.sh up");
    }
  }

  @Test
  void refuses_to_start_when_a_required_chroma_is_unreachable() throws Exception {
    try (NodeProcess node =
        NodeProcess.start(
            "refuse-no-chroma",
            Map.of(
                "AGENTRY_CHROMA_URL", "http://127.0.0.1:1", "AGENTRY_CHROMA_REQUIRED", "true"))) {
      assertThat(node.awaitExit(TIMEOUT)).isEqualTo(3);
      assertThat(node.output()).contains("chroma at http://127.0.0.1:1 is unreachable");
    }
  }

  @Test
  void rejects_unknown_options_and_bad_configuration_with_usage() throws Exception {
    try (NodeProcess node =
        NodeProcess.start("refuse-bad-role", Map.of(), "--roles", "api,coder")) {
      assertThat(node.awaitExit(TIMEOUT)).isEqualTo(2);
      assertThat(node.output()).contains("unknown role 'coder'").contains("Usage: agentry");
    }
    try (NodeProcess node =
        NodeProcess.start("refuse-bad-port", Map.of("AGENTRY_HTTP_PORT", "http"))) {
      assertThat(node.awaitExit(TIMEOUT)).isEqualTo(2);
      assertThat(node.output()).contains("AGENTRY_HTTP_PORT: 'http' is not a valid integer");
    }
  }
}
