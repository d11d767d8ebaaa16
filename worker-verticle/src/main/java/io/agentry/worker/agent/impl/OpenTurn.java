package io.agentry.worker.agent.impl;

import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.llm.ToolCall;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One model turn's tool calls and how far each got: called (the action is recorded), approval asked
 * or decided, observed. A live turn starts empty; a replayed one is filled from the ledger, so the
 * same code runs what is left of either.
 */
final class OpenTurn {

  final int turn;
  final long modelTurnSeq;
  final String content;
  final List<ToolCall> calls;
  final Map<String, Long> called = new HashMap<>();
  final Set<String> observed = new HashSet<>();
  final Map<String, LedgerEvent> approvalRequested = new HashMap<>();
  final Map<String, JsonObject> decided = new HashMap<>();

  OpenTurn(int turn, long modelTurnSeq, String content, List<ToolCall> calls) {
    this.turn = turn;
    this.modelTurnSeq = modelTurnSeq;
    this.content = content == null ? "" : content;
    this.calls = List.copyOf(calls);
  }

  boolean complete() {
    return calls.stream().allMatch(c -> observed.contains(c.id()));
  }

  ToolCall call(String callId) {
    return calls.stream().filter(c -> c.id().equals(callId)).findFirst().orElse(null);
  }
}
