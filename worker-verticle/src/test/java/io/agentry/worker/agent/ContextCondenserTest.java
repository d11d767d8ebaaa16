package io.agentry.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ChatMessage.Role;
import io.agentry.core.llm.ToolCall;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.worker.agent.ContextCondenser.Condensation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Condensation on its own: what it keeps, what it summarises, and that it is deterministic. */
class ContextCondenserTest {

  private static final List<ToolDefinition> TOOLS =
      List.of(new ToolDefinition("read_file", "Read a file.", null));

  /** System, task, then {@code turns} turns of two tool calls each with long results. */
  static List<ChatMessage> conversation(int turns) {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system("You are a coder."));
    messages.add(ChatMessage.user("Implement the parser."));
    for (int t = 1; t <= turns; t++) {
      ToolCall a = new ToolCall("a" + t, "read_file", "{\"path\":\"src/f" + t + ".py\"}");
      ToolCall b = new ToolCall("b" + t, "run_tests", "{}");
      messages.add(
          ChatMessage.assistant(t % 2 == 0 ? "Turn " + t + " thinking." : null, List.of(a, b)));
      messages.add(
          ChatMessage.toolResult(a.id(), "contents of f" + t + "\n" + "x = 1\n".repeat(60)));
      messages.add(
          ChatMessage.toolResult(b.id(), "ERROR: pytest: 0 passed, " + t + " failed\n..."));
    }
    return messages;
  }

  @Test
  void a_conversation_inside_the_window_is_left_alone() {
    List<ChatMessage> messages = conversation(2);
    ContextCondenser condenser = new ContextCondenser(100_000);
    assertThat(condenser.condenseIfNeeded(messages, TOOLS)).isEmpty();
  }

  @Test
  void keeps_the_head_and_recent_turns_and_summarises_the_middle_under_half_the_window() {
    List<ChatMessage> messages = conversation(20);
    long size = ContextCondenser.estimate(messages, TOOLS);
    int window = (int) (size * 1.1); // 91% full: over the 80% trigger
    ContextCondenser condenser = new ContextCondenser(window);

    Condensation c = condenser.condenseIfNeeded(messages, TOOLS).orElseThrow();
    List<ChatMessage> after = c.applyTo(messages);

    assertThat(c.from()).isEqualTo(2);
    assertThat(after.get(0)).isEqualTo(messages.get(0));
    assertThat(after.get(1)).isEqualTo(messages.get(1));
    assertThat(after.get(2).role()).isEqualTo(Role.USER);
    assertThat(after.get(2).content())
        .startsWith(ContextCondenser.SUMMARY_MARKER)
        .contains("- read_file {\"path\":\"src/f1.py\"} → contents of f1")
        .contains("- run_tests {} → ERROR: pytest: 0 passed, 1 failed")
        .contains("- said: Turn 2 thinking.");
    assertThat(after.getLast()).isEqualTo(messages.getLast());
    assertThat(c.tokensAfter()).isLessThanOrEqualTo((long) (window * 0.5));
    assertThat(ContextCondenser.estimate(after, TOOLS)).isEqualTo(c.tokensAfter());
    assertThat(c.tokensBefore()).isEqualTo(size);
    assertToolResultsFollowTheirCalls(after);
    // The kept tail is the original tail, untouched.
    assertThat(after.subList(3, after.size())).isEqualTo(messages.subList(c.to(), messages.size()));
  }

  @Test
  void never_separates_an_assistant_call_from_its_results() {
    for (int turns = 2; turns <= 12; turns++) {
      List<ChatMessage> messages = conversation(turns);
      long size = ContextCondenser.estimate(messages, TOOLS);
      for (long target : new long[] {size / 5, size / 3, size / 2, size - 1}) {
        Optional<Condensation> c =
            new ContextCondenser(Integer.MAX_VALUE / 2).condense(messages, TOOLS, target);
        assertThat(c).isPresent();
        assertThat(messages.get(c.get().to()).role()).isEqualTo(Role.ASSISTANT);
        assertToolResultsFollowTheirCalls(c.get().applyTo(messages));
      }
    }
  }

  @Test
  void the_same_conversation_condenses_the_same_way() {
    List<ChatMessage> messages = conversation(15);
    ContextCondenser condenser =
        new ContextCondenser((int) (ContextCondenser.estimate(messages, TOOLS) * 1.05));
    assertThat(condenser.condenseIfNeeded(messages, TOOLS))
        .isEqualTo(condenser.condenseIfNeeded(new ArrayList<>(messages), TOOLS));
  }

  @Test
  void a_second_condensation_folds_the_first_summary_in() {
    List<ChatMessage> messages = conversation(10);
    ContextCondenser condenser =
        new ContextCondenser((int) (ContextCondenser.estimate(messages, TOOLS) * 1.1));
    List<ChatMessage> once =
        condenser.condenseIfNeeded(messages, TOOLS).orElseThrow().applyTo(messages);
    List<ChatMessage> grown = new ArrayList<>(once);
    grown.addAll(conversation(14).subList(2 + 3 * 10, 2 + 3 * 14));

    List<ChatMessage> twice = condenser.condenseIfNeeded(grown, TOOLS).orElseThrow().applyTo(grown);

    assertThat(
            twice.stream()
                .filter(
                    m ->
                        m.content() != null
                            && m.content().startsWith(ContextCondenser.SUMMARY_MARKER)))
        .hasSize(1);
    assertThat(twice.get(2).content()).contains("src/f1.py", "src/f10.py");
  }

  @Test
  void a_conversation_with_a_single_turn_cannot_be_condensed() {
    List<ChatMessage> messages = conversation(1);
    assertThat(new ContextCondenser(256).condense(messages, TOOLS, 1)).isEmpty();
  }

  static void assertToolResultsFollowTheirCalls(List<ChatMessage> messages) {
    Set<String> open = new HashSet<>();
    for (ChatMessage message : messages) {
      if (message.role() == Role.TOOL) {
        assertThat(open).as("a tool result answers an open call").contains(message.toolCallId());
        open.remove(message.toolCallId());
      } else {
        assertThat(open).as("every call is answered before the next message").isEmpty();
        message.toolCalls().forEach(c -> open.add(c.id()));
      }
    }
    assertThat(open).isEmpty();
  }
}
