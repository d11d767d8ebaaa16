package io.agentry.worker.agent.impl;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.jobs.JobContext;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ToolCall;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.worker.agent.AgentStep;
import io.agentry.worker.agent.ContextCondenser;
import io.agentry.worker.agent.ContextCondenser.Condensation;
import io.agentry.worker.agent.StepEvents;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.agent.StepOutcome.Kind;
import io.agentry.worker.agent.StuckDetector;
import io.agentry.worker.agent.StuckDetector.Stuck;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of one step, straight-line on its own virtual thread (every {@code await()} parks only
 * that thread). It replays what the ledger holds for the step, finishes the turn an earlier attempt
 * left open, then asks the model turn after turn until the model answers without tools, calls a
 * finish tool, loops, or runs out of turns.
 */
final class StepRun {

  private final DefaultAgentLoop loop;
  private final AgentStep step;
  private final JobContext job;
  private final CallContext call;
  private final StepRecorder recorder;
  private final ContextCondenser condenser;
  private final StuckDetector detector;
  private final List<ToolDefinition> toolDefinitions = new ArrayList<>();
  private StepState state;
  private ToolCalls toolCalls;

  StepRun(DefaultAgentLoop loop, AgentStep step, JobContext job) {
    this.loop = loop;
    this.step = step;
    this.job = job;
    CallContext given = step.call();
    this.call = given.jobId() == null && job != null ? given.withJob(job.job().id()) : given;
    this.recorder = new StepRecorder(loop.ledger(), loop.vertx().eventBus(), step, call);
    this.condenser = new ContextCondenser(step.limits().contextTokens());
    this.detector = new StuckDetector(step.limits());
  }

  StepOutcome execute() {
    collectTools();
    List<LedgerEvent> events = loop.ledger().forStep(call.projectId(), step.stepKey()).await();
    StepReplay replay = StepReplay.of(step, events);
    if (replay.finished != null) {
      recorder.activity("status", "step already finished: " + replay.finished.reason(), null, null);
      return replay.finished;
    }
    state = new StepState(replay);
    toolCalls = new ToolCalls(loop.tools(), step, call, recorder, state, this::checkCancelled);
    recorder.activity(
        "status",
        events.isEmpty()
            ? "step started"
            : "step resumed from " + events.size() + " recorded events after turn " + state.turns,
        null,
        null);
    if (replay.stuck != null) {
      return finish(Kind.STUCK, null, replay.stuck.reason());
    }
    OpenTurn open = replay.current;
    if (open != null) {
      state.lastText = open.content;
      if (open.calls.isEmpty()) {
        return answered();
      }
      // Runs only the calls no attempt observed (none when the turn is complete), then checks
      // for a loop as the earlier attempt would have.
      StepOutcome ended = runCalls(open);
      if (ended != null) {
        return ended;
      }
    }
    return converse();
  }

  /** Turn after turn until the model answers, finishes, loops or runs out of turns. */
  private StepOutcome converse() {
    while (true) {
      checkCancelled();
      if (state.turns >= step.limits().maxTurns()) {
        return finish(
            Kind.LIMIT_REACHED,
            null,
            "reached the limit of " + step.limits().maxTurns() + " model turns");
      }
      condense(false);
      Asked asked = ask();
      if (asked.stuck() != null) {
        return stuck(asked.stuck());
      }
      ChatResponse response = asked.response();
      state.turns++;
      LedgerEvent turnEvent =
          recorder.append(StepEvents.MODEL_TURN, state.lastObservedSeq, modelTurn(response));
      state.messages.add(response.toMessage());
      state.history.add(new StuckDetector.Monologue(response.content()));
      state.lastText = response.content();
      if (!response.content().isBlank()) {
        recorder.activity("monologue", response.content(), null, null);
      }
      if (!response.hasToolCalls()) {
        return answered();
      }
      StepOutcome ended =
          runCalls(
              new OpenTurn(state.turns, turnEvent.seq(), response.content(), response.toolCalls()));
      if (ended != null) {
        return ended;
      }
    }
  }

  /** Runs a turn's calls; the outcome when a finish tool or a loop ends the step, else null. */
  private StepOutcome runCalls(OpenTurn turn) {
    ToolCalls.Finish finish = toolCalls.run(turn);
    if (finish != null) {
      return finish(Kind.FINISHED, finish, "the model called the finish tool " + finish.tool());
    }
    Optional<Stuck> stuck = detector.check(state.history);
    return stuck.map(this::stuck).orElse(null);
  }

  /** Asks the model; a prompt too long for the window is condensed once, then it is stuck. */
  private Asked ask() {
    boolean condensedForError = false;
    while (true) {
      try {
        ChatRequest.Builder request =
            ChatRequest.builder().messages(state.messages).stream(true).context(call);
        toolDefinitions.forEach(request::tool);
        return new Asked(loop.models().chat(request.build(), delta -> {}).await(), null);
      } catch (RuntimeException e) {
        if (!StuckDetector.isContextWindowError(e)) {
          throw e;
        }
        if (condensedForError || !condense(true)) {
          return new Asked(null, StuckDetector.contextWindow(e.getMessage()));
        }
        condensedForError = true;
      }
    }
  }

  /**
   * Condenses the conversation when it passes 80% of the window or, when {@code forced} (the model
   * said it is too long), towards half of its current size. Records it; false when nothing went.
   */
  private boolean condense(boolean forced) {
    Optional<Condensation> condensation =
        forced
            ? condenser.condense(
                state.messages,
                toolDefinitions,
                Math.min(
                    step.limits().contextTokens() / 2,
                    ContextCondenser.estimate(state.messages, toolDefinitions) / 2))
            : condenser.condenseIfNeeded(state.messages, toolDefinitions);
    if (condensation.isEmpty()) {
      return false;
    }
    Condensation c = condensation.get();
    recorder.append(
        StepEvents.CONTEXT_CONDENSED,
        null,
        new JsonObject()
            .put("removed", c.removed())
            .put("from", c.from())
            .put("to", c.to())
            .put("promptSize", step.prompt().size())
            .put("summary", c.summary().content())
            .put("tokensBefore", c.tokensBefore())
            .put("tokensAfter", c.tokensAfter())
            .put("forced", forced));
    state.messages = c.applyTo(state.messages);
    recorder.activity(
        "status",
        "condensed "
            + c.removed()
            + " messages (about "
            + c.tokensBefore()
            + " → "
            + c.tokensAfter()
            + " tokens)",
        null,
        null);
    return true;
  }

  private StepOutcome answered() {
    return finish(Kind.FINISHED, null, "the model answered without calling a tool");
  }

  private StepOutcome stuck(Stuck stuck) {
    recorder.append(
        StepEvents.STUCK_DETECTED,
        state.lastObservedSeq,
        new JsonObject()
            .put("pattern", stuck.pattern().name())
            .put("detail", stuck.detail())
            .put("reason", stuck.reason()));
    return finish(Kind.STUCK, null, stuck.reason());
  }

  private StepOutcome finish(Kind kind, ToolCalls.Finish finish, String reason) {
    String finishTool = finish == null ? null : finish.tool();
    JsonObject finishArgs = finish == null ? null : finish.arguments();
    recorder.append(
        StepEvents.STEP_FINISHED,
        state.lastObservedSeq,
        new JsonObject()
            .put("kind", kind.name())
            .put("reason", reason)
            .put("finishTool", finishTool)
            .put("finishArgs", finishArgs)
            .put("finalText", state.lastText)
            .put("turns", state.turns));
    recorder.activity("status", "step " + kind.name().toLowerCase() + ": " + reason, null, null);
    return new StepOutcome(
        kind, state.lastText, finishTool, finishArgs, reason, state.turns, state.observations);
  }

  private JsonObject modelTurn(ChatResponse response) {
    JsonArray calls = new JsonArray();
    for (ToolCall c : response.toolCalls()) {
      calls.add(
          new JsonObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments()));
    }
    return new JsonObject()
        .put("turn", state.turns)
        .put("content", response.content())
        .put("toolCalls", calls)
        .put("usage", response.usage().toJson())
        .put("model", response.provider() + "/" + response.model())
        .put("finishReason", response.finishReason())
        .put("cached", response.cached())
        .put("callId", response.callId() == null ? null : response.callId().toString());
  }

  /** The agent's allowed tools as the model sees them, then the step's finish tools. */
  private void collectTools() {
    for (Object schema : loop.tools().schemasFor(step.toolAgentId())) {
      ToolDefinition tool = ToolDefinition.fromJson((JsonObject) schema);
      if (step.isFinishTool(tool.name())) {
        throw new AgentryException(
            ErrorCode.BAD_USER_INPUT,
            "finish tool '" + tool.name() + "' has the name of a tool of " + step.toolAgentId());
      }
      toolDefinitions.add(tool);
    }
    toolDefinitions.addAll(step.finishTools());
  }

  private void checkCancelled() {
    if (job != null && job.cancelled()) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE, "step " + step.stepKey() + " stopped: its job was cancelled");
    }
  }

  /** The model's answer, or the verdict that the step is stuck on its context window. */
  private record Asked(ChatResponse response, Stuck stuck) {}
}
