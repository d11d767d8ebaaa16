package io.agentry.worker.roles;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
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
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one agent step for a role's job and turns the ways it can end into what the goal loop reads:
 * a finished step goes on to the role's own follow-up; a stuck or limited step, or a budget that
 * has no room left, becomes a result with {@code halt = {code, reason}} so the loop can re-plan or
 * stop with the reason. Any other failure fails the job (and is retried by the queue).
 */
final class AgentSteps {

  private AgentSteps() {}

  /** A halt result: the role gave up in an orderly way. */
  static JsonObject halt(String code, String reason) {
    return new JsonObject().put("halt", new JsonObject().put("code", code).put("reason", reason));
  }

  static Future<JsonObject> run(
      RoleKit kit,
      JobContext context,
      GoalJob job,
      Task task,
      String role,
      Workspace workspace,
      Set<String> tools,
      List<ChatMessage> prompt,
      List<ToolDefinition> finishTools,
      Function<StepOutcome, Future<JsonObject>> onFinished) {
    CallContext call =
        new CallContext(
            job.projectId(), job.taskId(), job.jobId(), job.agentId(), role, task.complexity());
    return kit.allowTools(job, role, tools)
        .compose(
            toolKey ->
                kit.runtime()
                    .loop()
                    .run(
                        new AgentStep(
                            "job:" + job.jobId(),
                            call,
                            workspace,
                            toolKey,
                            prompt,
                            finishTools,
                            StepLimits.defaults(),
                            job.job().payload().getJsonObject("approval")),
                        context))
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
}
