package io.agentry.core.memory;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process MiniLM embedder: real model, offline, off the event loop. */
class EmbedderTest {

  private static Vertx vertx;
  private static AgentryConfig config;
  private static Embedder embedder;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    config = TestConfig.load();
    embedder = Embedder.miniLm(vertx, config.node().dataDir());
  }

  @AfterAll
  static void stop() {
    embedder.close().await();
    vertx.close().await();
  }

  @Test
  void djl_is_switched_offline_before_the_model_loads() {
    // The names DJL itself reads (see DjlOffline); asked through DJL, not our own constants.
    assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
    assertThat(ai.djl.util.Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    // The properties our code sets, which hold even where the variables are missing.
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    assertThat(ai.djl.util.Utils.getCacheDir())
        .isEqualTo(config.node().dataDir().resolve("djl").toAbsolutePath().normalize());
  }

  @Test
  void the_tokenizer_library_is_extracted_under_the_data_dir() throws Exception {
    embedder.embed("warm up").await();

    Path cache = config.node().dataDir().resolve("djl").toAbsolutePath();
    try (var files = Files.walk(cache)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("libtokenizers.so");
    }
  }

  @Test
  void vectors_have_the_model_dimension_and_unit_length() {
    float[] vector = embedder.embed("def average(xs): return sum(xs) / len(xs)").await();

    assertThat(vector).hasSize(embedder.dimensions()).hasSize(384);
    assertThat(norm(vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void related_sentences_are_closer_than_unrelated_ones() {
    List<float[]> v =
        embedder
            .embedAll(
                List.of(
                    "ZeroDivisionError: division by zero",
                    "dividing a number by zero raises an error",
                    "the button colour is set in the stylesheet"))
            .await();

    assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.2);
  }

  @Test
  void embed_all_keeps_the_order_and_matches_single_embeddings() {
    List<String> texts = List.of("first text", "second, quite different text", "third");

    List<float[]> batch = embedder.embedAll(texts).await();

    assertThat(batch).hasSize(3);
    for (int i = 0; i < texts.size(); i++) {
      float[] single = embedder.embed(texts.get(i)).await();
      assertThat(cosine(batch.get(i), single)).isGreaterThan(0.999);
    }
    assertThat(embedder.embedAll(List.of()).await()).isEmpty();
  }

  @Test
  void blank_text_is_bad_input() {
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> embedder.embed("  ").await(), "blank");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> embedder.embed(null).await(), "blank");
    List<String> withNull = new ArrayList<>(Arrays.asList("ok", null));
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> embedder.embedAll(withNull).await(), "texts[1]");
  }

  @Test
  void calls_from_an_event_loop_complete_without_blocking_it() {
    var context = vertx.getOrCreateContext();
    float[] vector =
        io.vertx.core.Future.<float[]>future(
                p ->
                    context.runOnContext(
                        v -> {
                          assertThat(io.vertx.core.Context.isOnEventLoopThread()).isTrue();
                          embedder.embed("called on an event loop").onComplete(p);
                        }))
            .await();
    assertThat(vector).hasSize(384);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot / (norm(a) * norm(b));
  }

  static double norm(float[] a) {
    double sum = 0;
    for (float x : a) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
