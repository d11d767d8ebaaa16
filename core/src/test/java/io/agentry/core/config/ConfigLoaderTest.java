package io.agentry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void defaults_bind_every_service_to_loopback() {
    AgentryConfig config = ConfigLoader.load(null, Map.of());
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/agentry");
    assertThat(config.redis().url()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.chroma().url()).isEqualTo("http://127.0.0.1:8000");
    assertThat(config.cluster().memberList()).containsExactly("127.0.0.1");
  }

  @Test
  void file_overrides_defaults_and_environment_overrides_file() throws Exception {
    Path file = dir.resolve("agentry.json");
    Files.writeString(
        file, "{\"http\":{\"port\":9000,\"graphiql\":false},\"cluster\":{\"members\":\"a, b\"}}");

    AgentryConfig config =
        ConfigLoader.load(
            file,
            Map.of("AGENTRY_HTTP_PORT", "9100", "AGENTRY_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "7"));

    assertThat(config.http().port()).isEqualTo(9100);
    assertThat(config.http().graphiql()).isFalse();
    assertThat(config.cluster().memberList()).containsExactly("a", "b");
    assertThat(config.cluster().maxNoHeartbeatSeconds()).isEqualTo(7);
  }

  @Test
  void environment_names_follow_section_and_camel_case_key() {
    assertThat(ConfigLoader.envName("cluster", "maxNoHeartbeatSeconds"))
        .isEqualTo("AGENTRY_CLUSTER_MAX_NO_HEARTBEAT_SECONDS");
    assertThat(ConfigLoader.envName("postgres", "password")).isEqualTo("AGENTRY_POSTGRES_PASSWORD");
  }

  @Test
  void a_value_of_the_wrong_type_is_rejected_with_its_source() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("AGENTRY_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AGENTRY_HTTP_PORT")
        .hasMessageContaining("not a valid integer");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("AGENTRY_HTTP_GRAPHIQL", "yes")))
        .hasMessageContaining("not a valid boolean");
  }

  @Test
  void unknown_keys_and_broken_files_are_rejected() throws Exception {
    Path unknown = dir.resolve("unknown.json");
    Files.writeString(unknown, "{\"http\":{\"prot\":1}}");
    assertThatThrownBy(() -> ConfigLoader.load(unknown, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'http.prot'");

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"http\":");
    assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of()))
        .hasMessageContaining("not valid JSON");

    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.json"), Map.of()))
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void the_password_never_appears_in_printed_settings() {
    AgentryConfig config =
        ConfigLoader.load(null, Map.of("AGENTRY_POSTGRES_PASSWORD", "s3cret-pw"));
    assertThat(config.postgres().password()).isEqualTo("s3cret-pw");
    assertThat(config.toString()).doesNotContain("s3cret-pw");
  }
}
