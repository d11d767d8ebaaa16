package io.agentry.worker.agent;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One step of an agent, as a role hands it to the {@link AgentLoop}.
 *
 * @param stepKey names the step in the ledger, stable across attempts of its job (e.g. {@code
 *     job:<jobId>}); a step that finds events under its key resumes from them
 * @param call who the model calls are for; {@code projectId} is required (the step is recorded in
 *     that project's ledger)
 * @param workspace where the tools act
 * @param toolAgentId the allow-list key in the tool registry
 * @param prompt the system and user messages the role built
 * @param finishTools virtual tools: calling one ends the step, its arguments are the result
 * @param limits turn, context and stuck-detection limits
 * @param approval the job payload's approval verdict ({@code approved}, {@code feedback}, {@code
 *     request}), or null
 */
public record AgentStep(
    String stepKey,
    CallContext call,
    Workspace workspace,
    String toolAgentId,
    List<ChatMessage> prompt,
    List<ToolDefinition> finishTools,
    StepLimits limits,
    JsonObject approval) {

  public AgentStep {
    require(stepKey != null && !stepKey.isBlank(), "an agent step needs a stepKey");
    require(
        call != null && call.projectId() != null, "an agent step needs a call with a projectId");
    require(workspace != null, "an agent step needs a workspace");
    require(toolAgentId != null && !toolAgentId.isBlank(), "an agent step needs a toolAgentId");
    require(prompt != null && !prompt.isEmpty(), "an agent step needs a prompt");
    prompt = List.copyOf(prompt);
    finishTools = finishTools == null ? List.of() : List.copyOf(finishTools);
    limits = limits == null ? StepLimits.defaults() : limits;
    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : finishTools) {
      require(names.add(tool.name()), "finish tool '" + tool.name() + "' is listed twice");
    }
  }

  /** The conventional key of the step a job runs. */
  public static String keyOf(long jobId) {
    return "job:" + jobId;
  }

  public boolean isFinishTool(String name) {
    return finishTools.stream().anyMatch(t -> t.name().equals(name));
  }

  public ToolDefinition finishTool(String name) {
    return finishTools.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, message);
    }
  }
}
