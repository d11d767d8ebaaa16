package io.agentry.core.agents;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Input checks that need no database: each failure is BAD_USER_INPUT and names its field. */
class AgentDefinitionValidationTest {

  private static final UUID TENANT = UUID.randomUUID();

  @Test
  void a_name_must_have_1_to_100_characters() {
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> NewAgent.of(TENANT, "", Set.of(AgentRole.CODER)), "name");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewAgent.of(TENANT, "   ", Set.of(AgentRole.CODER)),
        "name");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewAgent.of(TENANT, "x".repeat(101), Set.of(AgentRole.CODER)),
        "name");
    assertThat(NewAgent.of(TENANT, " " + "x".repeat(100) + " ", Set.of(AgentRole.CODER)).name())
        .hasSize(100);
  }

  @Test
  void roles_must_be_non_empty_and_known() {
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> NewAgent.of(TENANT, "a", Set.of()), "roles");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> NewAgent.of(TENANT, "a", null), "roles");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> AgentRole.parseAll(List.of("coder", "poet")),
        "roles: unknown role 'poet'");
    assertThat(AgentRole.parseAll(List.of("Coder", "TESTER")))
        .containsExactlyInAnyOrder(AgentRole.CODER, AgentRole.TESTER);
  }

  @Test
  void a_complexity_range_lies_within_1_to_10_with_min_not_above_max() {
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> new ComplexityRange(0, 5), "minComplexity");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> new ComplexityRange(1, 11), "maxComplexity");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> new ComplexityRange(7, 3),
        "minComplexity (7) must not exceed");
    ComplexityRange range = new ComplexityRange(3, 3);
    assertThat(range.covers(3)).isTrue();
    assertThat(range.covers(2)).isFalse();
    assertThat(range.covers(4)).isFalse();
  }

  @Test
  void a_tenant_is_required() {
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> NewAgent.of(null, "a", Set.of(AgentRole.CODER)),
        "tenantId");
  }

  @Test
  void config_defaults_fill_a_partial_object_and_round_trip() {
    AgentConfig config =
        AgentConfig.fromJson(
            new JsonObject()
                .put("maxIterations", 7)
                .put("allowedTools", List.of("read_file", "run_tests"))
                .put("modelPreferences", new JsonObject().put("models", List.of("ollama/qwen")))
                .put("retryPolicy", new JsonObject().put("maxAttempts", 2)));

    assertThat(config.maxIterations()).isEqualTo(7);
    assertThat(config.allowedTools()).containsExactly("read_file", "run_tests");
    assertThat(config.modelPreferences().models()).containsExactly("ollama/qwen");
    assertThat(config.retryPolicy().maxAttempts()).isEqualTo(2);
    assertThat(config.retryPolicy().maxBackoffMillis())
        .isEqualTo(AgentRetryPolicy.defaults().maxBackoffMillis());
    assertThat(config.memoryLimitTokens()).isEqualTo(AgentConfig.defaults().memoryLimitTokens());
    assertThat(AgentConfig.fromJson(config.toJson())).isEqualTo(config);
    assertThat(AgentConfig.fromJson(null)).isEqualTo(AgentConfig.defaults());
  }

  @Test
  void config_rejects_unknown_keys_wrong_types_and_out_of_range_values() {
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> AgentConfig.fromJson(new JsonObject().put("maxIteration", 3)),
        "unknown key 'maxIteration'");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> AgentConfig.fromJson(new JsonObject().put("maxIterations", "many")),
        "config");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> AgentConfig.fromJson(new JsonObject().put("maxIterations", 0)),
        "config.maxIterations");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () ->
            AgentConfig.fromJson(
                new JsonObject().put("modelPreferences", new JsonObject().put("temperature", 3))),
        "config.modelPreferences.temperature");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () ->
            AgentConfig.fromJson(
                new JsonObject().put("retryPolicy", new JsonObject().put("multiplier", 0.5))),
        "config.retryPolicy.multiplier");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> AgentConfig.fromJson(new JsonObject().put("allowedTools", List.of(1, 2))),
        "config.allowedTools");
  }

  @Test
  void an_update_validates_only_what_it_sets_and_lists_its_fields() {
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> AgentUpdate.none().withName(""), "name");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> AgentUpdate.none().withRoles(Set.of()), "roles");
    assertThat(AgentUpdate.none().fields()).isEmpty();
    assertThat(AgentUpdate.none().withGoal("g").withRoles(Set.of(AgentRole.TESTER)).fields())
        .containsExactly("roles", "goal");
  }

  @Test
  void the_flap_window_includes_both_ends() {
    FlapPolicy policy = new FlapPolicy(3, Duration.ofSeconds(60));
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    assertThat(policy.counts(now.minusSeconds(60), now)).isTrue();
    assertThat(policy.counts(now.minusSeconds(61), now)).isFalse();
    assertThat(policy.counts(now, now)).isTrue();
    assertThatThrownBy(() -> new FlapPolicy(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
