package io.agentry.worker.agent.impl;

import io.agentry.core.error.AgentryException;
import io.agentry.core.jobs.AwaitingApprovalException;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ToolCall;
import io.agentry.worker.agent.AgentStep;
import io.agentry.worker.agent.StepEvents;
import io.agentry.worker.agent.StuckDetector;
import io.agentry.worker.agent.ToolObservation;
import io.agentry.worker.tools.ToolRegistry;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.tools.ToolResult.Status;
import io.agentry.worker.tools.impl.SchemaValidator;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Runs what is left of a turn's tool calls, in order: each action is recorded ({@code ToolCalled})
 * before it runs and its observation ({@code ToolObserved}) right after, so a later attempt knows
 * which calls happened. A call observed by an earlier attempt is skipped; one recorded but never
 * observed runs now. A call that needs approval is recorded ({@code ApprovalRequested}) and parks
 * the job; the re-run applies the verdict that names it.
 */
final class ToolCalls {

  /** A valid finish-tool call: the step ends with these arguments. */
  record Finish(String tool, JsonObject arguments) {}

  private final ToolRegistry tools;
  private final AgentStep step;
  private final CallContext call;
  private final StepRecorder recorder;
  private final StepState state;
  private final Runnable checkCancelled;

  ToolCalls(
      ToolRegistry tools,
      AgentStep step,
      CallContext call,
      StepRecorder recorder,
      StepState state,
      Runnable checkCancelled) {
    this.tools = tools;
    this.step = step;
    this.call = call;
    this.recorder = recorder;
    this.state = state;
    this.checkCancelled = checkCancelled;
  }

  /** Runs the turn's unobserved calls; a {@link Finish} when one was a valid finish tool. */
  Finish run(OpenTurn turn) {
    for (ToolCall toolCall : turn.calls) {
      if (turn.observed.contains(toolCall.id())) {
        continue;
      }
      checkCancelled.run();
      if (step.isFinishTool(toolCall.name())) {
        List<String> errors = finishErrors(toolCall);
        if (errors.isEmpty()) {
          return new Finish(toolCall.name(), StepReplay.arguments(toolCall));
        }
        observe(
            turn,
            toolCall,
            called(turn, toolCall),
            Status.INVALID_ARGUMENTS.name(),
            toolCall.name() + ": " + String.join("; ", errors),
            new JsonObject());
        continue;
      }
      long calledSeq = called(turn, toolCall);
      JsonObject decision = decision(turn, toolCall);
      if (decision != null && !decision.getBoolean("approved", false)) {
        String feedback = decision.getString("feedback", "");
        observe(
            turn,
            toolCall,
            calledSeq,
            ToolObservation.REJECTED,
            "a person rejected this call" + (feedback.isBlank() ? "." : ": " + feedback),
            new JsonObject());
        continue;
      }
      ToolResult result = invoke(toolCall, decision != null);
      if (result.status() == Status.NEEDS_APPROVAL) {
        throw askApproval(turn, toolCall, calledSeq, result);
      }
      observe(turn, toolCall, calledSeq, result.status().name(), result.output(), result.data());
    }
    return null;
  }

  /** The ToolCalled event of a call: recorded now unless an earlier attempt did. */
  private long called(OpenTurn turn, ToolCall toolCall) {
    Long seq = turn.called.get(toolCall.id());
    if (seq != null) {
      return seq;
    }
    LedgerEvent event =
        recorder.append(
            StepEvents.TOOL_CALLED,
            turn.modelTurnSeq,
            new JsonObject()
                .put("turn", turn.turn)
                .put("callId", toolCall.id())
                .put("tool", toolCall.name())
                .put("arguments", toolCall.arguments()));
    turn.called.put(toolCall.id(), event.seq());
    recorder.activity(
        "tool_call",
        toolCall.name() + " " + toolCall.arguments(),
        toolCall.name(),
        new JsonObject().put("callId", toolCall.id()).put("arguments", toolCall.arguments()));
    return event.seq();
  }

  /**
   * A person's decision on this call: recorded by an earlier attempt, or the job's verdict when it
   * answers this call (then recorded now). Null when no approval was asked. When one was asked and
   * the job carries no verdict for it, the job parks again.
   */
  private JsonObject decision(OpenTurn turn, ToolCall toolCall) {
    JsonObject decided = turn.decided.get(toolCall.id());
    LedgerEvent asked = turn.approvalRequested.get(toolCall.id());
    if (decided != null || asked == null) {
      return decided;
    }
    JsonObject verdict = verdictFor(toolCall.id());
    if (verdict == null) {
      recorder.activity("status", "still waiting for approval of " + toolCall.name(), null, null);
      throw new AwaitingApprovalException(asked.payload().getJsonObject("request"));
    }
    JsonObject decision =
        new JsonObject()
            .put("callId", toolCall.id())
            .put("tool", toolCall.name())
            .put("approved", verdict.getBoolean("approved", false))
            .put("feedback", verdict.getString("feedback", ""));
    recorder.append(Source.USER, StepEvents.APPROVAL_DECIDED, asked.seq(), decision);
    turn.decided.put(toolCall.id(), decision);
    return decision;
  }

  /** The job's verdict when it answers this call of this step; null when it answers another. */
  private JsonObject verdictFor(String callId) {
    JsonObject verdict = step.approval();
    if (verdict == null || !verdict.containsKey("approved")) {
      return null;
    }
    JsonObject request = verdict.getJsonObject("request");
    if (request != null
        && (!step.stepKey().equals(request.getString("stepKey"))
            || !callId.equals(request.getString("callId")))) {
      return null;
    }
    return verdict;
  }

  private AwaitingApprovalException askApproval(
      OpenTurn turn, ToolCall toolCall, long calledSeq, ToolResult result) {
    JsonObject request =
        result
            .data()
            .copy()
            .put("stepKey", step.stepKey())
            .put("callId", toolCall.id())
            .put("turn", turn.turn)
            .put("tool", toolCall.name())
            .put("message", result.output())
            .put("projectId", call.projectId().toString())
            .put("taskId", call.taskId() == null ? null : call.taskId().toString())
            .put("jobId", call.jobId())
            // A rejection comes back to the step as an observation the model can act on.
            .put("resumeOnReject", true);
    recorder.append(
        StepEvents.APPROVAL_REQUESTED,
        calledSeq,
        new JsonObject()
            .put("turn", turn.turn)
            .put("callId", toolCall.id())
            .put("tool", toolCall.name())
            .put("request", request));
    recorder.activity("status", "waiting for approval: " + result.output(), toolCall.name(), null);
    return new AwaitingApprovalException(request);
  }

  private ToolResult invoke(ToolCall toolCall, boolean approved) {
    JsonObject arguments;
    try {
      arguments = toolCall.argumentsJson();
    } catch (AgentryException e) {
      return new ToolResult(Status.INVALID_ARGUMENTS, e.getMessage(), new JsonObject());
    }
    return tools
        .invoke(
            new io.agentry.worker.tools.ToolCall(
                step.toolAgentId(), toolCall.name(), arguments, step.workspace(), approved))
        .await();
  }

  private void observe(
      OpenTurn turn,
      ToolCall toolCall,
      long calledSeq,
      String status,
      String output,
      JsonObject data) {
    String shown = Capped.text(output, StepEvents.MAX_OUTPUT_CHARS);
    JsonObject kept = Capped.strings(data, StepEvents.MAX_OUTPUT_CHARS);
    LedgerEvent event =
        recorder.append(
            StepEvents.TOOL_OBSERVED,
            calledSeq,
            new JsonObject()
                .put("turn", turn.turn)
                .put("callId", toolCall.id())
                .put("tool", toolCall.name())
                .put("status", status)
                .put("output", shown)
                .put("data", kept));
    ToolObservation observation =
        new ToolObservation(
            turn.turn,
            toolCall.id(),
            toolCall.name(),
            StepReplay.arguments(toolCall),
            status,
            shown,
            kept,
            event.seq());
    state.observations.add(observation);
    state.messages.add(ChatMessage.toolResult(toolCall.id(), observation.forModel()));
    state.history.add(
        new StuckDetector.Action(toolCall.name(), toolCall.arguments(), status, shown));
    state.lastObservedSeq = event.seq();
    turn.observed.add(toolCall.id());
    JsonObject brief = new JsonObject().put("callId", toolCall.id()).put("status", status);
    recorder.activity("tool_result", observation.forModel(), toolCall.name(), brief);
    if (kept.containsKey("exitCode")) {
      recorder.activity("command_output", shown, toolCall.name(), brief);
    }
  }

  private List<String> finishErrors(ToolCall toolCall) {
    Object arguments;
    try {
      arguments = toolCall.argumentsJson();
    } catch (AgentryException e) {
      return List.of(e.getMessage());
    }
    return SchemaValidator.validate(step.finishTool(toolCall.name()).parameters(), arguments);
  }
}
