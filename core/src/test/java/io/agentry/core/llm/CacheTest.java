package io.agentry.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.llm.usage.BudgetScope;
import io.agentry.core.testing.ScriptedTurn;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis response cache: deterministic calls only, recorded as cached, nothing spent. */
class CacheTest {

  private static ModelRig rig;

  @BeforeAll
  static void start() {
    rig = ModelRig.start();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @AfterEach
  void dropUnusedTurns() {
    rig.server.clearScript();
  }

  private static ChatRequest.Builder question(UUID taskId) {
    // A fresh question per run: Redis outlives test runs.
    return ChatRequest.builder()
        .message(ChatMessage.user("What is 2 + 2? (" + UUID.randomUUID() + ")"))
        .context(CallContext.of(null, taskId, "architect", 2));
  }

  @Test
  void a_repeated_deterministic_call_is_answered_from_the_cache() {
    UUID taskId = UUID.randomUUID();
    ChatRequest request = question(taskId).temperature(0).build();
    rig.server.enqueue(ScriptedTurn.text("4").withUsage(30, 1), ScriptedTurn.text("four"));
    int before = rig.server.received().size();

    ChatResponse first = rig.client.chat(request).await();
    ChatResponse second = rig.client.chat(request).await();

    assertThat(rig.server.received().size() - before).isEqualTo(1);
    assertThat(first.cached()).isFalse();
    assertThat(second.cached()).isTrue();
    assertThat(second.content()).isEqualTo("4");
    assertThat(second.callId()).isNotEqualTo(first.callId());
    var totals = rig.usage.totals(BudgetScope.TASK, taskId).await();
    assertThat(totals.calls()).isEqualTo(2);
    assertThat(totals.inputTokens()).as("a cache hit spends nothing").isEqualTo(30);
  }

  @Test
  void calls_with_temperature_or_streaming_are_not_cached_unless_marked() {
    ChatRequest warm = question(UUID.randomUUID()).temperature(0.7).build();
    ChatRequest streamed = question(UUID.randomUUID()).temperature(0).stream(true).build();
    ChatRequest marked = question(UUID.randomUUID()).temperature(0.7).cacheable(true).build();
    rig.server.enqueue(
        ScriptedTurn.text("a"),
        ScriptedTurn.text("b"),
        ScriptedTurn.text("c"),
        ScriptedTurn.text("d"),
        ScriptedTurn.text("e"));
    int before = rig.server.received().size();

    rig.client.chat(warm).await();
    rig.client.chat(warm).await();
    rig.client.chat(streamed).await();
    rig.client.chat(streamed).await();
    rig.client.chat(marked).await();
    ChatResponse again = rig.client.chat(marked).await();

    assertThat(rig.server.received().size() - before).isEqualTo(5);
    assertThat(again.cached()).isTrue();
  }
}
