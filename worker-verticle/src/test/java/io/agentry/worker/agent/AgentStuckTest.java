package io.agentry.worker.agent;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.worker.agent.StepOutcome.Kind;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A step that goes round in circles ends STUCK with the pattern named, recorded as StuckDetected
 * and StepFinished, and asks the model nothing more; context-window errors are condensed away once,
 * and a step whose prompt still does not fit is stuck too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentStuckTest {

  private AgentRig rig;

  @BeforeAll
  void start() {
    rig = AgentRig.start();
  }

  @AfterAll
  void stop() {
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.server.clearScript();
  }

  @Test
  void the_same_action_with_the_same_observation_four_times_is_stuck() {
    for (int i = 0; i < 4; i++) {
      rig.server.enqueue(ScriptedTurn.toolCalls(call("s" + i, "echo", "{\"text\":\"same\"}")));
    }
    rig.server.enqueue(ScriptedTurn.text("never asked"));

    assertStuck("REPEATED_ACTION", 4, "echo");
  }

  @Test
  void the_same_error_three_times_is_stuck() {
    for (int i = 0; i < 3; i++) {
      rig.server.enqueue(
          ScriptedTurn.toolCalls(call("e" + i, "fail_always", "{\"attempt\":\"" + i + "\"}")));
    }
    rig.server.enqueue(ScriptedTurn.text("never asked"));

    assertStuck("REPEATED_ERROR", 3, "connection refused");
  }

  @Test
  void two_actions_alternating_for_three_cycles_is_stuck() {
    for (int i = 0; i < 3; i++) {
      rig.server.enqueue(
          ScriptedTurn.toolCalls(call("a" + i, "echo", "{\"text\":\"A\"}")),
          ScriptedTurn.toolCalls(call("b" + i, "echo", "{\"text\":\"B\"}")));
    }
    rig.server.enqueue(ScriptedTurn.text("never asked"));

    assertStuck("ALTERNATING", 6, "alternated 3 times");
  }

  @Test
  void the_same_monologue_three_turns_in_a_row_is_stuck() {
    for (int i = 0; i < 3; i++) {
      rig.server.enqueue(
          ScriptedTurn.toolCallsSaying(
              "Let me check the file once more.",
              call("m" + i, "echo", "{\"text\":\"" + i + "\"}")));
    }
    rig.server.enqueue(ScriptedTurn.text("never asked"));

    assertStuck("REPEATED_MONOLOGUE", 3, "Let me check the file once more.");
  }

  @Test
  void a_prompt_the_model_refuses_as_too_long_is_condensed_once_then_stuck() {
    String tooLong =
        "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens\"}}";
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("x1", "big_output", "{\"n\":1}")),
        ScriptedTurn.toolCalls(call("x2", "big_output", "{\"n\":2}")),
        ScriptedTurn.error(400, tooLong),
        ScriptedTurn.error(400, tooLong),
        ScriptedTurn.text("never asked"));
    CallContext callContext = rig.newCall();
    int before = rig.server.requests().size();

    StepOutcome outcome = rig.run(rig.step("ctx", callContext, rig.workspace()));

    assertThat(outcome.kind()).isEqualTo(Kind.STUCK);
    assertThat(outcome.reason()).startsWith("stuck (CONTEXT_WINDOW)").contains("4096");
    assertThat(rig.server.requests().size() - before).isEqualTo(4);
    List<LedgerEvent> events = rig.events(callContext, "ctx");
    LedgerEvent condensed =
        events.stream().filter(e -> e.type().equals("ContextCondensed")).findFirst().orElseThrow();
    assertThat(condensed.payload().getBoolean("forced")).isTrue();
    assertThat(condensed.payload().getString("summary")).contains("big_output", "result 1 lorem");
    // The retry after condensation carried the summary instead of the first turn.
    List<ChatMessage> retried = rig.conversations().get(before + 3);
    assertThat(retried.get(2).content()).startsWith(ContextCondenser.SUMMARY_MARKER);
    assertThat(retried).hasSize(rig.conversations().get(before + 2).size() - 1);
    assertThat(events.getLast().payload().getString("kind")).isEqualTo("STUCK");
  }

  @Test
  void a_prompt_that_fits_after_condensation_carries_on() {
    String tooLong = "{\"error\":\"prompt is too long: 9000 tokens > 8192 maximum\"}";
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("y1", "big_output", "{\"n\":1}")),
        ScriptedTurn.toolCalls(call("y2", "big_output", "{\"n\":2}")),
        ScriptedTurn.error(400, tooLong),
        ScriptedTurn.text("Finished after all."));
    CallContext callContext = rig.newCall();

    StepOutcome outcome = rig.run(rig.step("ctx-ok", callContext, rig.workspace()));

    assertThat(outcome.kind()).isEqualTo(Kind.FINISHED);
    assertThat(outcome.finalText()).isEqualTo("Finished after all.");
    assertThat(rig.types(callContext, "ctx-ok")).contains("ContextCondensed");
  }

  @Test
  void a_prompt_too_long_with_nothing_to_condense_is_stuck_at_once() {
    rig.server.enqueue(
        ScriptedTurn.error(400, "{\"error\":\"context_length_exceeded\"}"),
        ScriptedTurn.text("never asked"));
    CallContext callContext = rig.newCall();
    int before = rig.server.requests().size();

    StepOutcome outcome = rig.run(rig.step("ctx-none", callContext, rig.workspace()));

    assertThat(outcome.kind()).isEqualTo(Kind.STUCK);
    assertThat(outcome.reason()).contains("CONTEXT_WINDOW");
    assertThat(rig.server.requests().size() - before).isEqualTo(1);
  }

  private void assertStuck(String pattern, int turns, String detail) {
    CallContext callContext = rig.newCall();
    String key = "stuck-" + pattern;
    int before = rig.server.requests().size();

    StepOutcome outcome = rig.run(rig.step(key, callContext, rig.workspace()));

    assertThat(outcome.kind()).isEqualTo(Kind.STUCK);
    assertThat(outcome.reason()).startsWith("stuck (" + pattern + "): ").contains(detail);
    assertThat(outcome.turns()).isEqualTo(turns);
    assertThat(rig.server.requests().size() - before).isEqualTo(turns);
    List<LedgerEvent> events = rig.events(callContext, key);
    LedgerEvent stuck = events.get(events.size() - 2);
    assertThat(stuck.type()).isEqualTo("StuckDetected");
    assertThat(stuck.payload().getString("pattern")).isEqualTo(pattern);
    assertThat(events.getLast().type()).isEqualTo("StepFinished");
    assertThat(events.getLast().payload().getString("kind")).isEqualTo("STUCK");
    assertThat(events.getLast().payload().getString("reason")).isEqualTo(outcome.reason());
  }
}
