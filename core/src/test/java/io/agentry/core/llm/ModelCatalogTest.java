package io.agentry.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.config.ConfigException;
import io.agentry.core.config.ConfigLoader;
import io.agentry.core.error.AgentryException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Providers, keys, routes and prices parsed from configuration; no provider is contacted. */
class ModelCatalogTest {

  private static ModelSettings settings(Map<String, String> env) {
    return ConfigLoader.load(null, env).models();
  }

  private static final Map<String, String> ROUTED =
      Map.of(
          "AGENTRY_MODELS_ROUTES",
          "debugger:7-10=openrouter/anthropic/claude-sonnet-4,*:8-10=openrouter/openai/gpt-4o,"
              + "*:1-7=ollama/qwen2.5-coder:7b",
          "AGENTRY_MODELS_PRICES",
          "openrouter/anthropic/claude-sonnet-4=3:15");

  private static ModelTarget route(ModelCatalog catalog, String role, int complexity) {
    return catalog.resolve(
        ChatRequest.builder()
            .message(ChatMessage.user("x"))
            .context(CallContext.of(null, null, role, complexity))
            .build());
  }

  @Test
  void the_defaults_route_everything_to_local_ollama() {
    ModelCatalog catalog = ModelCatalog.create(ConfigLoader.defaultsOnly().models(), Map.of());

    assertThat(route(catalog, "coder", 9)).isEqualTo(new ModelTarget("ollama", "qwen2.5-coder:7b"));
    assertThat(catalog.endpoint("ollama").orElseThrow().baseUrl())
        .isEqualTo("http://127.0.0.1:11434/v1");
    assertThat(catalog.endpoint("openrouter").orElseThrow().hasApiKey()).isFalse();
  }

  @Test
  void routes_pick_the_first_rule_matching_role_and_complexity() {
    ModelCatalog catalog = ModelCatalog.create(settings(ROUTED), Map.of());

    assertThat(route(catalog, "debugger", 9).toString())
        .isEqualTo("openrouter/anthropic/claude-sonnet-4");
    assertThat(route(catalog, "coder", 9).toString()).isEqualTo("openrouter/openai/gpt-4o");
    assertThat(route(catalog, "debugger", 3).toString()).isEqualTo("ollama/qwen2.5-coder:7b");
    assertThat(
            catalog
                .price(ModelTarget.parse("openrouter/anthropic/claude-sonnet-4"))
                .cost(1_000_000, 1_000_000))
        .isEqualByComparingTo(new BigDecimal("18"));
    assertThat(catalog.price(ModelTarget.parse("ollama/qwen2.5-coder:7b")))
        .isEqualTo(ModelCatalog.Price.FREE);
  }

  @Test
  void an_explicit_model_bypasses_routing_and_a_gap_in_routes_is_a_clear_error() {
    ModelCatalog catalog =
        ModelCatalog.create(
            settings(Map.of("AGENTRY_MODELS_ROUTES", "coder:1-3=ollama/small")), Map.of());
    ChatRequest explicit =
        ChatRequest.builder().message(ChatMessage.user("x")).model("openrouter/x/y").build();

    assertThat(catalog.resolve(explicit)).isEqualTo(new ModelTarget("openrouter", "x/y"));
    assertThatThrownBy(() -> route(catalog, "tester", 2))
        .isInstanceOf(AgentryException.class)
        .hasMessageContaining("no model route for role 'tester' at complexity 2");
  }

  @Test
  void the_api_key_comes_from_the_named_variable_and_is_never_printed() {
    ModelCatalog catalog =
        ModelCatalog.create(settings(Map.of()), Map.of("OPENROUTER_API_KEY", "sk-or-very-secret"));

    ProviderEndpoint openrouter = catalog.endpoint("openrouter").orElseThrow();
    assertThat(openrouter.apiKey()).isEqualTo("sk-or-very-secret");
    assertThat(openrouter.toString()).doesNotContain("sk-or").contains("with API key");
    assertThat(catalog.endpoints().toString()).doesNotContain("sk-or");
  }

  @Test
  void malformed_routes_and_unknown_providers_stop_the_node() {
    assertThatThrownBy(
            () ->
                ModelCatalog.create(
                    settings(Map.of("AGENTRY_MODELS_ROUTES", "coder=ollama/x")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("role:min-max=provider/model");
    assertThatThrownBy(
            () ->
                ModelCatalog.create(
                    settings(Map.of("AGENTRY_MODELS_ROUTES", "*:1-10=nowhere/x")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown provider 'nowhere'");
  }
}
