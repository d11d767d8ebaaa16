package io.agentry.worker.agent.impl;

import io.agentry.core.bus.Addresses;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.llm.CallContext;
import io.agentry.worker.agent.AgentStep;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Writes a step's ledger events (each payload carrying the step's ids) and publishes its live
 * activity on {@link Addresses#AGENT_ACTIVITY}. Blocking: called from the step's virtual thread.
 */
final class StepRecorder {

  /** Longest text of one activity message; the ledger keeps the whole (capped) output. */
  private static final int ACTIVITY_CHARS = 4096;

  private final LedgerStore ledger;
  private final EventBus bus;
  private final AgentStep step;
  private final CallContext call;

  StepRecorder(LedgerStore ledger, EventBus bus, AgentStep step, CallContext call) {
    this.ledger = ledger;
    this.bus = bus;
    this.step = step;
    this.call = call;
  }

  LedgerEvent append(String type, Long causeSeq, JsonObject fields) {
    return append(Source.AGENT, type, causeSeq, fields);
  }

  LedgerEvent append(Source source, String type, Long causeSeq, JsonObject fields) {
    JsonObject payload =
        new JsonObject()
            .put("stepKey", step.stepKey())
            .put("taskId", call.taskId() == null ? null : call.taskId().toString())
            .put("jobId", call.jobId())
            .put("agentId", call.agentId() == null ? null : call.agentId().toString())
            .put("role", call.role())
            .mergeIn(fields);
    return ledger.append(call.projectId(), source, causeSeq, type, payload).await();
  }

  /**
   * Publishes one activity: {@code kind} is monologue, tool_call, tool_result, command_output or
   * status.
   */
  void activity(String kind, String text, String tool, JsonObject data) {
    JsonObject body =
        call.ids()
            .put("role", call.role())
            .put("stepKey", step.stepKey())
            .put("kind", kind)
            .put("text", Capped.text(text, ACTIVITY_CHARS))
            .put("at", System.currentTimeMillis());
    if (tool != null) {
      body.put("tool", tool);
    }
    if (data != null) {
      body.put("data", data);
    }
    bus.publish(Addresses.AGENT_ACTIVITY, body);
  }
}
