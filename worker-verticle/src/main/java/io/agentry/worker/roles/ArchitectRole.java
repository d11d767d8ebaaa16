package io.agentry.worker.roles;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.jobs.NonRetryableJobException;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.core.tasks.Task;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.workspace.CommitInfo;
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
    return RoleJob.begin(kit, context)
        .compose(
            work ->
                this.context
                    .section(work.task())
                    .compose(
                        shared ->
                            AgentSteps.run(
                                kit,
                                work,
                                ROLE,
                                TOOLS,
                                Prompts.ARCHITECT_PLAN,
                                Prompts.user(
                                    work.task(),
                                    Prompts.acceptance(work.task()),
                                    shared,
                                    Prompts.section("Feedback", work.job().feedback()),
                                    work.filesSection()),
                                List.of(SUBMIT_PLAN),
                                outcome -> planned(work, outcome))));
  }

  private Future<JsonObject> planned(RoleJob work, StepOutcome outcome) {
    JsonObject plan = requireFinish(outcome, SUBMIT_PLAN.name());
    PlanCheck.validate(plan);
    return kit.record(work.job(), "PlanProposed", new JsonObject().put("plan", plan))
        .compose(v -> memory.rememberPlan(work.job(), work.task(), plan))
        .compose(v -> context.writePlan(work.job(), work.task(), plan))
        .map(v -> new JsonObject().put("plan", plan));
  }

  Future<JsonObject> review(JobContext context) {
    return RoleJob.begin(kit, context)
        .compose(work -> work.workspace().log(30).compose(log -> review(work, log)));
  }

  private Future<JsonObject> review(RoleJob work, List<CommitInfo> log) {
    String history =
        String.join(
            "\n", log.stream().map(c -> c.id().substring(0, 8) + " " + c.summary()).toList());
    Task task = work.task();
    return AgentSteps.run(
        kit,
        work,
        ROLE,
        TOOLS,
        Prompts.ARCHITECT_REVIEW,
        Prompts.user(
            task,
            Prompts.plan(task.plan()),
            Prompts.acceptance(task),
            Prompts.section("Latest test run", testsSummary(work.job())),
            Prompts.section("Commits", history),
            work.filesSection()),
        List.of(SUBMIT_REVIEW),
        outcome -> reviewed(work.job(), outcome));
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
