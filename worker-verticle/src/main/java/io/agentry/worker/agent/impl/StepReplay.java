package io.agentry.worker.agent.impl;

import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ToolCall;
import io.agentry.worker.agent.AgentStep;
import io.agentry.worker.agent.StepEvents;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.agent.StuckDetector;
import io.agentry.worker.agent.StuckDetector.Stuck;
import io.agentry.worker.agent.ToolObservation;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A step's state rebuilt from its ledger events, as if the earlier attempt had never stopped: the
 * conversation (prompt, recorded turns, observed results, condensations), the observations, the
 * stuck detector's history, and the last turn with whatever of it is still open. Nothing is asked
 * of the model or run here.
 */
final class StepReplay {

  /** The tool message of a call whose attempt died before it was observed, in an older turn. */
  static final String NO_RESULT = "ERROR: no result was recorded for this call (the step stopped)";

  final List<ChatMessage> messages;
  final List<ToolObservation> observations = new ArrayList<>();
  final List<StuckDetector.Entry> history = new ArrayList<>();
  final int events;
  int turns;
  Long lastObservedSeq;
  OpenTurn current;
  StepOutcome finished;
  Stuck stuck;

  private final AgentStep step;

  private StepReplay(AgentStep step, int events) {
    this.step = step;
    this.events = events;
    this.messages = new ArrayList<>(step.prompt());
  }

  static StepReplay of(AgentStep step, List<LedgerEvent> events) {
    StepReplay replay = new StepReplay(step, events.size());
    events.forEach(replay::apply);
    return replay;
  }

  private void apply(LedgerEvent event) {
    JsonObject p = event.payload();
    switch (event.type()) {
      case StepEvents.MODEL_TURN -> modelTurn(event, p);
      case StepEvents.TOOL_CALLED -> {
        if (current != null) {
          current.called.put(p.getString("callId"), event.seq());
        }
      }
      case StepEvents.APPROVAL_REQUESTED -> {
        if (current != null) {
          current.approvalRequested.put(p.getString("callId"), event);
        }
      }
      case StepEvents.APPROVAL_DECIDED -> {
        if (current != null) {
          current.decided.put(p.getString("callId"), p);
        }
      }
      case StepEvents.TOOL_OBSERVED -> observed(event, p);
      case StepEvents.CONTEXT_CONDENSED -> condensed(p);
      case StepEvents.STUCK_DETECTED ->
          stuck =
              new Stuck(
                  StuckDetector.Loop.valueOf(p.getString("pattern")), p.getString("detail", ""));
      case StepEvents.STEP_FINISHED ->
          finished =
              new StepOutcome(
                  StepOutcome.Kind.valueOf(p.getString("kind")),
                  p.getString("finalText"),
                  p.getString("finishTool"),
                  p.getJsonObject("finishArgs"),
                  p.getString("reason"),
                  p.getInteger("turns", turns),
                  observations);
      default -> {
        // Events of other kinds under the same key are not part of the conversation.
      }
    }
  }

  private void modelTurn(LedgerEvent event, JsonObject p) {
    closeUnobserved();
    String content = p.getString("content", "");
    List<ToolCall> calls = new ArrayList<>();
    for (Object o : p.getJsonArray("toolCalls", new JsonArray())) {
      JsonObject c = (JsonObject) o;
      calls.add(new ToolCall(c.getString("id"), c.getString("name"), c.getString("arguments")));
    }
    // Exactly what ChatResponse.toMessage() appended when the turn was live.
    messages.add(
        ChatMessage.assistant(content.isEmpty() && !calls.isEmpty() ? null : content, calls));
    history.add(new StuckDetector.Monologue(content));
    int turn = p.getInteger("turn");
    turns = Math.max(turns, turn);
    current = new OpenTurn(turn, event.seq(), content, calls);
  }

  private void observed(LedgerEvent event, JsonObject p) {
    String callId = p.getString("callId");
    ToolCall call = current == null ? null : current.call(callId);
    ToolObservation observation =
        new ToolObservation(
            p.getInteger("turn", current == null ? 0 : current.turn),
            callId,
            p.getString("tool"),
            arguments(call),
            p.getString("status"),
            p.getString("output", ""),
            p.getJsonObject("data", new JsonObject()),
            event.seq());
    observations.add(observation);
    messages.add(ChatMessage.toolResult(callId, observation.forModel()));
    history.add(
        new StuckDetector.Action(
            observation.tool(),
            call == null ? "{}" : call.arguments(),
            observation.status(),
            observation.output()));
    if (current != null) {
      current.observed.add(callId);
    }
    lastObservedSeq = event.seq();
  }

  /**
   * Replays a condensation at the point it happened. Its indices count the prompt the step had
   * then; when the role built a prompt of another length since, they shift with it, and a
   * condensation that reached into the prompt is skipped (the next call condenses afresh).
   */
  private void condensed(JsonObject p) {
    int promptSize = p.getInteger("promptSize", step.prompt().size());
    int delta = step.prompt().size() - promptSize;
    int from = p.getInteger("from");
    int to = p.getInteger("to");
    if (delta != 0 && from < promptSize) {
      return;
    }
    from += delta;
    to += delta;
    if (from < 1 || to > messages.size() || from >= to) {
      return;
    }
    List<ChatMessage> kept = new ArrayList<>(messages.subList(0, from));
    kept.add(ChatMessage.user(p.getString("summary")));
    kept.addAll(messages.subList(to, messages.size()));
    messages.clear();
    messages.addAll(kept);
  }

  /** An older turn with calls never observed: answer them so the conversation stays valid. */
  private void closeUnobserved() {
    if (current == null) {
      return;
    }
    for (ToolCall call : current.calls) {
      if (!current.observed.contains(call.id())) {
        messages.add(ChatMessage.toolResult(call.id(), NO_RESULT));
        current.observed.add(call.id());
      }
    }
  }

  static JsonObject arguments(ToolCall call) {
    if (call == null) {
      return new JsonObject();
    }
    try {
      return new JsonObject(call.arguments());
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject().put("raw", call.arguments());
    }
  }
}
