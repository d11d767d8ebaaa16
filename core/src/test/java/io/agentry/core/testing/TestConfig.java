package io.agentry.core.testing;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration for tests: the real local services (see {@code infra/services.sh}), the {@code
 * agentry_test} database and Chroma tenant, an ephemeral HTTP port. Variables set in the
 * environment (as in CI) still win, so a test run can be pointed at other services.
 */
public final class TestConfig {

  public static final String TEST_DATABASE = "agentry_test";

  /** Tests keep their vector memories in this Chroma tenant, away from a local node's. */
  public static final String TEST_CHROMA_TENANT = "agentry_test";

  private TestConfig() {}

  public static AgentryConfig load() {
    return load(Map.of());
  }

  /** Test config with extra overrides, given as {@code AGENTRY_*} variables. */
  public static AgentryConfig load(Map<String, String> overrides) {
    return ConfigLoader.load(null, environment(overrides));
  }

  /** The environment a test hands to a node it starts in another JVM. */
  public static Map<String, String> environment(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("AGENTRY_POSTGRES_DATABASE", TEST_DATABASE);
    env.put("AGENTRY_HTTP_PORT", "0");
    env.put("AGENTRY_CHROMA_TENANT", TEST_CHROMA_TENANT);
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("AGENTRY_")) {
                env.put(k, v);
              }
            });
    env.putAll(overrides);
    return env;
  }
}
