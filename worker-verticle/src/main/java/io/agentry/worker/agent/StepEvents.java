package io.agentry.worker.agent;

/**
 * The ledger event types an agent step writes. Every payload carries {@code stepKey}, {@code
 * taskId}, {@code jobId}, {@code agentId} and {@code role} (null when unknown), besides:
 *
 * <ul>
 *   <li>{@code ModelTurn}: {@code turn}, {@code content}, {@code toolCalls} [{@code id}, {@code
 *       name}, {@code arguments}], {@code usage}, {@code model}, {@code finishReason}, {@code
 *       cached}; caused by the last observation before it
 *   <li>{@code ToolCalled} (the action): {@code turn}, {@code callId}, {@code tool}, {@code
 *       arguments} (the model's JSON text); caused by its {@code ModelTurn}
 *   <li>{@code ToolObserved}: {@code turn}, {@code callId}, {@code tool}, {@code status}, {@code
 *       output} (capped at 16 KiB with a marker), {@code data}; caused by its {@code ToolCalled}
 *   <li>{@code ApprovalRequested}: {@code turn}, {@code callId}, {@code tool}, {@code request};
 *       caused by its {@code ToolCalled}
 *   <li>{@code ApprovalDecided} (source user): {@code callId}, {@code approved}, {@code feedback};
 *       caused by its {@code ApprovalRequested}
 *   <li>{@code StuckDetected}: {@code pattern}, {@code detail}
 *   <li>{@code ContextCondensed}: {@code removed} (messages), {@code from}, {@code to}, {@code
 *       promptSize}, {@code summary}, {@code tokensBefore}, {@code tokensAfter}, {@code forced}
 *   <li>{@code StepFinished}: {@code kind}, {@code reason}, {@code finishTool}, {@code finishArgs},
 *       {@code finalText}, {@code turns}
 * </ul>
 *
 * <p>Resume rule: a step with a {@code StepFinished} returns it again; otherwise the conversation
 * is rebuilt from the {@code ModelTurn}s and {@code ToolObserved}s (and {@code ContextCondensed}s),
 * and of the last turn's calls only those without a {@code ToolObserved} are run.
 */
public final class StepEvents {

  public static final String MODEL_TURN = "ModelTurn";
  public static final String TOOL_CALLED = "ToolCalled";
  public static final String TOOL_OBSERVED = "ToolObserved";
  public static final String APPROVAL_REQUESTED = "ApprovalRequested";
  public static final String APPROVAL_DECIDED = "ApprovalDecided";
  public static final String STUCK_DETECTED = "StuckDetected";
  public static final String CONTEXT_CONDENSED = "ContextCondensed";
  public static final String STEP_FINISHED = "StepFinished";

  /** Largest tool output kept in a {@code ToolObserved} event (and shown to the model). */
  public static final int MAX_OUTPUT_CHARS = 16 * 1024;

  private StepEvents() {}
}
