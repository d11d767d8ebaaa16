package io.agentry.core.memory;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chroma that is down or hangs: a clear UNAVAILABLE within the timeout, never a hang. */
class ChromaFailureTest {

  private static Vertx vertx;
  private static Embedder embedder;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    embedder = Embedder.miniLm(vertx, TestConfig.load().node().dataDir());
  }

  @AfterAll
  static void stop() {
    embedder.close().await();
    vertx.close().await();
  }

  @Test
  void chroma_down_is_unavailable_with_the_address_named() {
    int closed = 1; // nothing listens on port 1 on loopback
    VectorMemory memory = memoryAt("http://127.0.0.1:" + closed, 2_000);
    UUID tenant = UUID.randomUUID();

    assertFailsWith(
        ErrorCode.UNAVAILABLE,
        () -> memory.store(tenant, MemoryCollection.SOLUTIONS, "x", "text", null).await(),
        "Chroma at http://127.0.0.1:1 is unreachable");
    assertFailsWith(
        ErrorCode.UNAVAILABLE,
        () -> memory.search(tenant, MemoryCollection.SOLUTIONS, "text", 5, null).await(),
        "unreachable");
    assertFailsWith(
        ErrorCode.UNAVAILABLE,
        () -> memory.forget(tenant, MemoryCollection.SOLUTIONS, "x").await(),
        "unreachable");
    memory.close().await();
  }

  @Test
  void a_chroma_that_never_answers_fails_after_the_timeout() {
    AtomicInteger connections = new AtomicInteger();
    NetServer silent =
        vertx
            .createNetServer()
            .connectHandler(socket -> connections.incrementAndGet())
            .listen(0, "127.0.0.1")
            .await();
    VectorMemory memory = memoryAt("http://127.0.0.1:" + silent.actualPort(), 500);

    long start = System.nanoTime();
    assertFailsWith(
        ErrorCode.UNAVAILABLE,
        () -> memory.search(UUID.randomUUID(), MemoryCollection.SOLUTIONS, "text", 5, null).await(),
        "did not answer");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(connections.get()).isPositive();
    assertThat(elapsedMs).as("bounded by the timeout, not hung").isLessThan(10_000);
    memory.close().await();
    silent.close().await();
  }

  private static VectorMemory memoryAt(String url, int timeoutMs) {
    AgentryConfig config =
        TestConfig.load(
            Map.of(
                "AGENTRY_CHROMA_URL", url, "AGENTRY_CHROMA_TIMEOUT_MS", String.valueOf(timeoutMs)));
    return VectorMemory.create(vertx, config, embedder);
  }
}
