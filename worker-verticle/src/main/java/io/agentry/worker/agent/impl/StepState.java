package io.agentry.worker.agent.impl;

import io.agentry.core.llm.ChatMessage;
import io.agentry.worker.agent.StuckDetector;
import io.agentry.worker.agent.ToolObservation;
import java.util.ArrayList;
import java.util.List;

/**
 * The running state of one step, shared by the turn loop ({@link StepRun}) and the tool calls
 * ({@link ToolCalls}): the conversation sent to the model, the observations, the history the stuck
 * detector reads, the turn count, the last observation (the cause of the next turn) and the last
 * text the model wrote. Starts as the ledger replay left it. Confined to the step's thread.
 */
final class StepState {

  List<ChatMessage> messages;
  final List<ToolObservation> observations;
  final List<StuckDetector.Entry> history;
  int turns;
  Long lastObservedSeq;
  String lastText = "";

  StepState(StepReplay replay) {
    messages = new ArrayList<>(replay.messages);
    observations = new ArrayList<>(replay.observations);
    history = new ArrayList<>(replay.history);
    turns = replay.turns;
    lastObservedSeq = replay.lastObservedSeq;
  }
}
