package io.agentry.worker.roles;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.jobs.NonRetryableJobException;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.core.tasks.Task;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The architect: turns a goal into a plan (a DAG of tasks with acceptance criteria and complexity)
 * and reviews each iteration's work. Both steps end with a finish tool whose arguments are the
 * result, checked here before the loop sees them.
 */
final class ArchitectRole {

  static final String ROLE = "architect";
  private static final Set<String> TOOLS = Set.of("list_files", "read_file");

  static final ToolDefinition SUBMIT_PLAN =
      new ToolDefinition(
          "submit_plan",
          "Submit the plan: a summary and the tasks in the order they should be built.",
          new JsonObject(
              """
              {"type":"object","required":["summary","tasks"],"properties":{
                "summary":{"type":"string"},
                "tasks":{"type":"array","minItems":1,"items":{"type":"object",
                  "required":["title","description","complexity"],"properties":{
                  "title":{"type":"string"},"description":{"type":"string"},
                  "kind":{"type":"string","enum":["design","schema","api","ui","code","test"]},
                  "acceptanceCriteria":{"type":"array","items":{"type":"string"}},
                  "complexity":{"type":"integer","minimum":1,"maximum":10},
                  "dependsOn":{"type":"array","items":{"type":"integer"}}}}}}}
              """));

  static final ToolDefinition SUBMIT_REVIEW =
      new ToolDefinition(
          "submit_review",
          "Submit the review verdict of this iteration.",
          new JsonObject(
              """
              {"type":"object","required":["approved","comments"],"properties":{
                "approved":{"type":"boolean"},"comments":{"type":"string"}}}
              """));

  private final RoleKit kit;
  private final RoleMemory memory;
  private final ProjectContext context;

  ArchitectRole(RoleKit kit, RoleMemory memory, ProjectContext context) {
    this.kit = kit;
    this.memory = memory;
    this.context = context;
  }

  Future<JsonObject> plan(JobContext context) {
    GoalJob job = GoalJob.of(context.job());
    return kit.task(job)
        .compose(
            task ->
                kit.workspace(job)
                    .compose(
                        ws ->
                            Future.all(
                                    WorkspaceFiles.list(kit.vertx(), ws),
                                    this.context.section(task))
                                .compose(
                                    both -> {
                                      List<String> files = both.resultAt(0);
                                      String user =
                                          Prompts.user(
                                              task,
                                              Prompts.acceptance(task),
                                              both.resultAt(1),
                                              Prompts.section("Feedback", job.feedback()),
                                              Prompts.files(files));
                                      return AgentSteps.run(
                                          kit,
                                          context,
                                          job,
                                          task,
                                          ROLE,
                                          ws,
                                          TOOLS,
                                          Prompts.messages(Prompts.ARCHITECT_PLAN, user),
                                          List.of(SUBMIT_PLAN),
                                          outcome -> planned(job, task, outcome));
                                    })));
  }

  private Future<JsonObject> planned(GoalJob job, Task task, StepOutcome outcome) {
    JsonObject plan = requireFinish(outcome, SUBMIT_PLAN.name());
    PlanCheck.validate(plan);
    return kit.record(job, "PlanProposed", new JsonObject().put("plan", plan))
        .compose(v -> memory.rememberPlan(job, task, plan))
        .compose(v -> context.writePlan(job, task, plan))
        .map(v -> new JsonObject().put("plan", plan));
  }

  Future<JsonObject> review(JobContext context) {
    GoalJob job = GoalJob.of(context.job());
    return kit.task(job)
        .compose(task -> kit.workspace(job).compose(ws -> review(context, job, task, ws)));
  }

  private Future<JsonObject> review(JobContext context, GoalJob job, Task task, Workspace ws) {
    return Future.all(WorkspaceFiles.list(kit.vertx(), ws), ws.log(30))
        .compose(
            both -> {
              List<String> files = both.resultAt(0);
              String history =
                  String.join(
                      "\n",
                      both.<List<io.agentry.worker.workspace.CommitInfo>>resultAt(1).stream()
                          .map(c -> c.id().substring(0, 8) + " " + c.summary())
                          .toList());
              String user =
                  Prompts.user(
                      task,
                      Prompts.plan(task.plan()),
                      Prompts.acceptance(task),
                      Prompts.section("Latest test run", testsSummary(job)),
                      Prompts.section("Commits", history),
                      Prompts.files(files));
              return AgentSteps.run(
                  kit,
                  context,
                  job,
                  task,
                  ROLE,
                  ws,
                  TOOLS,
                  Prompts.messages(Prompts.ARCHITECT_REVIEW, user),
                  List.of(SUBMIT_REVIEW),
                  outcome -> reviewed(job, outcome));
            });
  }

  private Future<JsonObject> reviewed(GoalJob job, StepOutcome outcome) {
    JsonObject verdict = requireFinish(outcome, SUBMIT_REVIEW.name());
    JsonObject review =
        new JsonObject()
            .put("approved", verdict.getBoolean("approved", false))
            .put("comments", verdict.getString("comments", ""));
    return kit.record(job, "ReviewSubmitted", review.copy()).map(review);
  }

  private static String testsSummary(GoalJob job) {
    JsonObject facts = job.job().payload().getJsonObject("tests");
    return facts == null ? "" : facts.encodePrettily();
  }

  /** The finish tool's arguments; a step that ended in plain text did not do what was asked. */
  static JsonObject requireFinish(StepOutcome outcome, String tool) {
    if (!tool.equals(outcome.finishTool()) || outcome.finishArgs() == null) {
      throw new NonRetryableJobException(
          "the model ended the step without calling " + tool + ": " + outcome.finalText());
    }
    return outcome.finishArgs();
  }

  /** Plan checks the JSON schema cannot express: dependencies point backwards, so it is a DAG. */
  static final class PlanCheck {
    private PlanCheck() {}

    static void validate(JsonObject plan) {
      JsonArray tasks = plan.getJsonArray("tasks");
      if (tasks == null || tasks.isEmpty()) {
        throw new NonRetryableJobException("invalid plan: no tasks");
      }
      for (int i = 0; i < tasks.size(); i++) {
        JsonObject task = tasks.getJsonObject(i);
        int complexity = task.getInteger("complexity", 0);
        if (complexity < 1 || complexity > 10) {
          throw new NonRetryableJobException(
              "invalid plan: task " + (i + 1) + " has complexity " + complexity + " (1-10)");
        }
        for (Object dep : task.getJsonArray("dependsOn", new JsonArray())) {
          int d = ((Number) dep).intValue();
          if (d < 0 || d >= i) {
            throw new NonRetryableJobException(
                "invalid plan: task "
                    + (i + 1)
                    + " depends on "
                    + d
                    + "; a task may depend only on earlier tasks (0-based), which keeps it a DAG");
          }
        }
      }
    }
  }
}
