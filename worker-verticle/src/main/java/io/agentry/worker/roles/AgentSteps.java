package io.agentry.worker.roles;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.jobs.AwaitingApprovalException;
import io.agentry.core.jobs.JobContext;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.core.tasks.Task;
import io.agentry.worker.agent.AgentStep;
import io.agentry.worker.agent.StepLimits;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one agent step for a role's job and turns the ways it can end into what the goal loop reads:
 * a finished step goes on to the role's own follow-up; a stuck or limited step, or a budget that
 * has no room left, becomes a result with {@code halt = {code, reason}} so the loop can re-plan or
 * stop with the reason. Any other failure fails the job (and is retried by the queue).
 *
 * <p>With the goal's policy {@code onStuck = ASK_HUMAN}, a stuck step first asks a person: the job
 * parks in {@code awaiting_approval} with the reason; approved, the step continues under a new key
 * with the person's feedback as guidance; declined, the role halts as stuck.
 */
final class AgentSteps {

  static final String STUCK_REQUEST = "stuck";
  private static final String GUIDANCE = "GuidanceGiven";

  private AgentSteps() {}

  /** A halt result: the role gave up in an orderly way. */
  static JsonObject halt(String code, String reason) {
    return new JsonObject().put("halt", new JsonObject().put("code", code).put("reason", reason));
  }

  static Future<JsonObject> run(
      RoleKit kit,
      RoleJob work,
      String role,
      Set<String> tools,
      String system,
      String user,
      List<ToolDefinition> finishTools,
      Function<StepOutcome, Future<JsonObject>> onFinished) {
    JobContext context = work.context();
    GoalJob job = work.job();
    Task task = work.task();
    Workspace workspace = work.workspace();
    List<ChatMessage> prompt = Prompts.messages(system, user);
    return limits(kit, job)
        .compose(
            limits -> {
              Step step = new Step(kit, context, job, task, role, workspace, finishTools, limits);
              return kit.allowTools(job, role, tools)
                  .compose(toolKey -> step.run(AgentStep.keyOf(job.jobId()), toolKey, prompt, 0));
            })
        .compose(
            outcome ->
                switch (outcome.kind()) {
                  case FINISHED -> onFinished.apply(outcome);
                  case STUCK -> Future.succeededFuture(halt("STUCK", outcome.reason()));
                  case LIMIT_REACHED ->
                      Future.succeededFuture(halt("LIMIT_REACHED", outcome.reason()));
                })
        .recover(
            err ->
                err instanceof AgentryException e && e.code() == ErrorCode.BUDGET_EXCEEDED
                    ? Future.succeededFuture(halt("BUDGET_EXCEEDED", e.getMessage()))
                    : Future.failedFuture(err));
  }

  /** The agent's own limits when the goal runs on an agent: rounds per step and context size. */
  private static Future<StepLimits> limits(RoleKit kit, GoalJob job) {
    if (job.agentId() == null) {
      return Future.succeededFuture(StepLimits.defaults());
    }
    return kit.agents()
        .get(job.agentId())
        .map(
            agent ->
                StepLimits.defaults()
                    .withMaxTurns(agent.config().maxIterations())
                    .withContextTokens(agent.config().memoryLimitTokens()));
  }

  /** One role step and, when a person guides it past a stuck point, its continuations. */
  private record Step(
      RoleKit kit,
      JobContext context,
      GoalJob job,
      Task task,
      String role,
      Workspace workspace,
      List<ToolDefinition> finishTools,
      StepLimits limits) {

    Future<StepOutcome> run(String stepKey, String toolKey, List<ChatMessage> messages, int round) {
      CallContext call =
          new CallContext(
              job.projectId(), job.taskId(), job.jobId(), job.agentId(), role, task.complexity());
      AgentStep step =
          new AgentStep(
              stepKey,
              call,
              workspace,
              toolKey,
              messages,
              finishTools,
              limits,
              job.job().payload().getJsonObject("approval"));
      return kit.runtime()
          .loop()
          .run(step, context)
          .compose(outcome -> afterStuck(stepKey, toolKey, messages, round, outcome));
    }

    private Future<StepOutcome> afterStuck(
        String stepKey,
        String toolKey,
        List<ChatMessage> messages,
        int round,
        StepOutcome outcome) {
      if (outcome.kind() != StepOutcome.Kind.STUCK
          || !"ASK_HUMAN".equals(job.job().payload().getString("onStuck"))) {
        return Future.succeededFuture(outcome);
      }
      String guidedKey = stepKey + ":guided-" + (round + 1);
      return kit.ledger()
          .forStep(job.projectId(), guidedKey)
          .compose(
              events -> {
                // Guidance given in an earlier attempt of this job is in the ledger: go on with it.
                var given =
                    events.stream()
                        .filter(e -> GUIDANCE.equals(e.type()))
                        .map(e -> e.payload().getString("feedback"))
                        .findFirst();
                if (given.isPresent()) {
                  return guided(guidedKey, toolKey, messages, round, outcome, given.get());
                }
                return askOrFollow(stepKey, guidedKey, toolKey, messages, round, outcome);
              });
    }

    private Future<StepOutcome> askOrFollow(
        String stepKey,
        String guidedKey,
        String toolKey,
        List<ChatMessage> messages,
        int round,
        StepOutcome outcome) {
      JsonObject verdict = job.job().payload().getJsonObject("approval");
      JsonObject answered = verdict == null ? null : verdict.getJsonObject("request");
      boolean answersThis =
          answered != null
              && STUCK_REQUEST.equals(answered.getString("kind"))
              && stepKey.equals(answered.getString("stepKey"));
      if (!answersThis) {
        return Future.failedFuture(
            new AwaitingApprovalException(
                new JsonObject()
                    .put("kind", STUCK_REQUEST)
                    .put("stepKey", stepKey)
                    .put("role", role)
                    .put("reason", outcome.reason())
                    .put(
                        "message",
                        "The "
                            + role
                            + " is stuck: "
                            + outcome.reason()
                            + ". Approve with guidance to let it go on, or reject to stop.")
                    .put("resumeOnReject", true)));
      }
      String feedback = verdict.getString("feedback", "");
      if (!verdict.getBoolean("approved", false)) {
        return Future.succeededFuture(
            new StepOutcome(
                StepOutcome.Kind.STUCK,
                outcome.finalText(),
                null,
                null,
                outcome.reason()
                    + " (a person declined to guide it"
                    + (feedback.isBlank() ? "" : ": " + feedback)
                    + ")",
                outcome.turns(),
                outcome.observations()));
      }
      String guidance = feedback.isBlank() ? "try a different approach" : feedback;
      return kit.record(
              job, GUIDANCE, new JsonObject().put("stepKey", guidedKey).put("feedback", guidance))
          .compose(v -> guided(guidedKey, toolKey, messages, round, outcome, guidance));
    }

    private Future<StepOutcome> guided(
        String guidedKey,
        String toolKey,
        List<ChatMessage> messages,
        int round,
        StepOutcome outcome,
        String guidance) {
      List<ChatMessage> guided = new ArrayList<>(messages);
      guided.add(
          ChatMessage.user(
              "You were stuck: "
                  + outcome.reason()
                  + ". A person looked at it and says: "
                  + guidance));
      return run(guidedKey, toolKey, guided, round + 1);
    }
  }
}
