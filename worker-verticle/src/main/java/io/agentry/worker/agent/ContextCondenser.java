package io.agentry.worker.agent;

import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ChatMessage.Role;
import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.TokenEstimator;
import io.agentry.core.llm.ToolCall;
import io.agentry.core.llm.ToolDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a long step's conversation inside the model's window. Before a model call whose estimated
 * prompt ({@link TokenEstimator}) passes 80% of the window, it keeps the head (the leading system
 * messages and the first user message) and the most recent turns, and replaces the older middle
 * with one summary message listing the actions taken and their short outcomes, so the prompt comes
 * down to about half the window. An assistant message that called tools is never separated from its
 * tool results. Deterministic — no model call — so a run and its replay condense alike.
 */
public final class ContextCondenser {

  /** The first line of every summary; a later condensation folds an earlier summary in. */
  public static final String SUMMARY_MARKER = "[Condensed history]";

  static final double TRIGGER = 0.8;
  static final double TARGET = 0.5;
  private static final int MAX_LINES = 60;
  private static final int KEEP_FIRST_LINES = 10;
  private static final int ARGUMENT_CHARS = 120;
  private static final int OUTCOME_CHARS = 160;

  /**
   * One condensation: messages {@code [from, to)} were replaced by {@code summary}.
   *
   * @param tokensBefore the estimated prompt before
   * @param tokensAfter the estimated prompt after
   */
  public record Condensation(
      int from, int to, ChatMessage summary, long tokensBefore, long tokensAfter) {

    public int removed() {
      return to - from;
    }

    public List<ChatMessage> applyTo(List<ChatMessage> messages) {
      List<ChatMessage> result = new ArrayList<>(messages.subList(0, from));
      result.add(summary);
      result.addAll(messages.subList(to, messages.size()));
      return result;
    }
  }

  private final int contextTokens;

  public ContextCondenser(int contextTokens) {
    this.contextTokens = contextTokens;
  }

  /** Condenses when the prompt passes 80% of the window; empty when it fits or nothing can go. */
  public Optional<Condensation> condenseIfNeeded(
      List<ChatMessage> messages, List<ToolDefinition> tools) {
    if (estimate(messages, tools) <= (long) (contextTokens * TRIGGER)) {
      return Optional.empty();
    }
    return condense(messages, tools, (long) (contextTokens * TARGET));
  }

  /**
   * Condenses towards {@code targetTokens} whatever the current size (e.g. after the model said the
   * prompt is too long). Keeps at least the last turn; empty when there is no older turn to remove
   * or the summary would not make the prompt smaller.
   */
  public Optional<Condensation> condense(
      List<ChatMessage> messages, List<ToolDefinition> tools, long targetTokens) {
    int head = headSize(messages);
    List<int[]> units = units(messages, head);
    if (units.size() < 2) {
      return Optional.empty();
    }
    long before = estimate(messages, tools);
    // Keep as many recent units as fit the target; always remove at least the oldest one and keep
    // at least the newest one.
    Condensation chosen = null;
    for (int keepFrom = 1; keepFrom < units.size(); keepFrom++) {
      Condensation candidate = build(messages, tools, head, units.get(keepFrom)[0], before);
      chosen = candidate;
      if (candidate.tokensAfter() <= targetTokens) {
        break;
      }
    }
    // A summary longer than what it replaces helps nobody.
    return chosen != null && chosen.tokensAfter() < before ? Optional.of(chosen) : Optional.empty();
  }

  /** The usual token estimate of a request with these messages and tools. */
  public static long estimate(List<ChatMessage> messages, List<ToolDefinition> tools) {
    ChatRequest.Builder request = ChatRequest.builder().messages(messages);
    tools.forEach(request::tool);
    return TokenEstimator.promptTokens(request.build());
  }

  private Condensation build(
      List<ChatMessage> messages, List<ToolDefinition> tools, int from, int to, long before) {
    ChatMessage summary = ChatMessage.user(summarise(messages.subList(from, to), to - from));
    Condensation condensation = new Condensation(from, to, summary, before, 0);
    long after = estimate(condensation.applyTo(messages), tools);
    return new Condensation(from, to, summary, before, after);
  }

  /** Leading system messages and the first user message. */
  static int headSize(List<ChatMessage> messages) {
    int i = 0;
    while (i < messages.size() && messages.get(i).role() == Role.SYSTEM) {
      i++;
    }
    if (i < messages.size() && messages.get(i).role() == Role.USER) {
      i++;
    }
    return Math.max(i, 1);
  }

  /** [start, end) of each unit after the head: an assistant turn with its tool results, or one. */
  private static List<int[]> units(List<ChatMessage> messages, int head) {
    List<int[]> units = new ArrayList<>();
    int i = head;
    while (i < messages.size()) {
      int end = i + 1;
      if (messages.get(i).role() == Role.ASSISTANT && !messages.get(i).toolCalls().isEmpty()) {
        while (end < messages.size() && messages.get(end).role() == Role.TOOL) {
          end++;
        }
      }
      units.add(new int[] {i, end});
      i = end;
    }
    return units;
  }

  private static String summarise(List<ChatMessage> removed, int count) {
    Map<String, String> results = new HashMap<>();
    for (ChatMessage message : removed) {
      if (message.role() == Role.TOOL) {
        results.put(message.toolCallId(), message.content());
      }
    }
    List<String> lines = new ArrayList<>();
    for (ChatMessage message : removed) {
      String text = message.content() == null ? "" : message.content();
      switch (message.role()) {
        case USER, SYSTEM -> {
          if (text.startsWith(SUMMARY_MARKER)) {
            text.lines().filter(l -> l.startsWith("- ")).forEach(lines::add);
          } else if (!text.isBlank()) {
            lines.add("- " + message.role().wire() + ": " + firstLine(text, OUTCOME_CHARS));
          }
        }
        case ASSISTANT -> {
          if (!text.isBlank()) {
            lines.add("- said: " + firstLine(text, OUTCOME_CHARS));
          }
          for (ToolCall call : message.toolCalls()) {
            String result = results.get(call.id());
            lines.add(
                "- "
                    + call.name()
                    + " "
                    + abbreviate(call.arguments(), ARGUMENT_CHARS)
                    + " → "
                    + (result == null ? "(no result)" : firstLine(result, OUTCOME_CHARS)));
          }
        }
        case TOOL -> {
          // Shown with the call above.
        }
      }
    }
    if (lines.size() > MAX_LINES) {
      int dropped = lines.size() - MAX_LINES;
      List<String> kept = new ArrayList<>(lines.subList(0, KEEP_FIRST_LINES));
      kept.add("- … " + dropped + " more earlier entries");
      kept.addAll(lines.subList(lines.size() - (MAX_LINES - KEEP_FIRST_LINES), lines.size()));
      lines = kept;
    }
    return SUMMARY_MARKER
        + " "
        + count
        + " earlier messages were replaced by this summary to fit the context window.\n"
        + "Actions taken so far and their outcomes:\n"
        + String.join("\n", lines);
  }

  private static String firstLine(String text, int max) {
    String line = text.strip().lines().findFirst().orElse("");
    return abbreviate(line, max);
  }

  private static String abbreviate(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= max ? flat : flat.substring(0, max) + "…";
  }
}
