package io.agentry.core.llm;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.config.ConfigException;
import io.agentry.core.llm.cache.ResponseCache;
import io.agentry.core.llm.replay.ModelRecording;
import io.agentry.core.llm.replay.ReplayProvider;
import io.agentry.core.llm.replay.Replays;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `replay:` providers and {@code models.recordTo}, as a node builds its providers. */
class ReplaysTest {

  private static ModelRig rig;

  @BeforeAll
  static void start() {
    rig = ModelRig.start();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  private static ChatRequest ask(String role) {
    return ChatRequest.builder()
        .message(ChatMessage.user("What is in src?"))
        .tool(
            new ToolDefinition("list_files", "Lists files", new JsonObject().put("type", "object")))
        .context(CallContext.of(null, null, role, 3))
        .build();
  }

  private static ModelSettings settings(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("AGENTRY_MODELS_API_KEY_ENV", "");
    all.put("AGENTRY_MODELS_CACHE_ENABLED", "false");
    return TestConfig.load(all).models();
  }

  private static Map<String, ModelProvider> providers(ModelSettings settings) {
    return Replays.providers(rig.vertx, settings, ModelCatalog.create(settings, Map.of())).await();
  }

  /** A client routed by {@code settings}, on the rig's database. */
  private static ModelClient client(ModelSettings settings, Map<String, ModelProvider> providers) {
    return ModelClient.create(
        rig.vertx,
        settings,
        ModelCatalog.create(settings, Map.of()),
        providers,
        rig.usage,
        ResponseCache.disabled());
  }

  @Test
  void a_run_recorded_to_a_file_is_replayed_by_a_replay_provider(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("recordings/run.json");
    ModelSettings recording =
        settings(
            Map.of(
                "AGENTRY_MODELS_PROVIDERS",
                "scripted=" + rig.server.baseUrl(),
                "AGENTRY_MODELS_ROUTES",
                "*:1-10=scripted/test-model",
                "AGENTRY_MODELS_RECORD_TO",
                file.toString()));
    rig.server.enqueue(ScriptedTurn.toolCalls(call("c1", "list_files", "{\"path\":\"src\"}")));
    ModelClient live = client(recording, providers(recording));
    live.chat(ask("architect")).await();
    awaitFile(file);

    ModelRecording written = ModelRecording.load(rig.vertx, file).await();
    assertThat(written.turns()).hasSize(1);
    assertThat(written.turns().get(0).role()).isEqualTo("architect");

    ModelSettings replaying =
        settings(
            Map.of(
                "AGENTRY_MODELS_PROVIDERS",
                "canned=replay:" + file,
                "AGENTRY_MODELS_ROUTES",
                "*:1-10=canned/any-name"));
    Map<String, ModelProvider> providers = providers(replaying);
    assertThat(providers.get("canned"))
        .isInstanceOfSatisfying(ReplayProvider.class, p -> assertThat(p.isLenient()).isTrue());
    int asked = rig.server.received().size();
    ChatResponse answer = client(replaying, providers).chat(ask("architect")).await();
    assertThat(answer.toolCalls()).extracting(ToolCall::name).containsExactly("list_files");
    assertThat(answer.provider()).isEqualTo("canned");
    assertThat(rig.server.received()).hasSize(asked);
  }

  @Test
  void a_recording_that_cannot_be_loaded_names_the_provider() {
    ModelSettings missing =
        settings(
            Map.of(
                "AGENTRY_MODELS_PROVIDERS", "demo=replay:classpath:no/such/recording.json",
                "AGENTRY_MODELS_ROUTES", "*:1-10=demo/x"));

    assertThatThrownBy(() -> providers(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("models.providers: 'demo'")
        .hasMessageContaining("no resource no/such/recording.json on the class path");
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
