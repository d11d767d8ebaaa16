package io.agentry.worker.roles;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.tasks.Task;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The coder: implements one plan item (first iteration) or addresses the loop's feedback (later
 * iterations) in the goal's workspace, then commits the change with its reasoning.
 */
final class CoderRole {

  static final String ROLE = "coder";
  static final Set<String> TOOLS =
      Set.of("list_files", "read_file", "write_file", "edit_file", "run_command");

  private final RoleKit kit;
  private final CodeChanges changes;
  private final RoleMemory memory;
  private final ProjectContext context;

  CoderRole(RoleKit kit, CodeChanges changes, RoleMemory memory, ProjectContext context) {
    this.kit = kit;
    this.changes = changes;
    this.memory = memory;
    this.context = context;
  }

  Future<JsonObject> code(JobContext context) {
    return RoleJob.begin(kit, context).compose(this::code);
  }

  private Future<JsonObject> code(RoleJob work) {
    GoalJob job = work.job();
    Task task = work.task();
    Prompts.Section item = Prompts.planItem(task.plan(), job.planItem());
    String query =
        item != null ? item.body() : job.feedback() != null ? job.feedback() : task.goal();
    return Future.all(memory.recall(job, task, query), this.context.section(task))
        .compose(
            both ->
                AgentSteps.run(
                    kit,
                    work,
                    ROLE,
                    TOOLS,
                    Prompts.CODER,
                    Prompts.user(
                        task,
                        Prompts.plan(task.plan()),
                        item,
                        both.resultAt(1),
                        Prompts.section("Feedback to address", job.feedback()),
                        both.resultAt(0),
                        work.filesSection()),
                    List.of(),
                    outcome -> committed(job, task, work.workspace(), outcome)));
  }

  private Future<JsonObject> committed(GoalJob job, Task task, Workspace ws, StepOutcome outcome) {
    String summary = outcome.finalText() == null ? "" : outcome.finalText();
    return changes
        .commit(job, ROLE, ws, summary)
        .compose(
            commit ->
                commit.isEmpty()
                    ? Future.succeededFuture(commit)
                    : memory
                        .rememberFiles(job, task, ws.root(), commit.get().getJsonArray("files"))
                        .map(commit))
        .map(
            commit -> {
              JsonObject result = new JsonObject().put("summary", summary);
              commit.ifPresent(
                  c ->
                      result
                          .put("commit", c.getString("commit"))
                          .put("files", c.getJsonArray("files")));
              return result;
            });
  }
}
