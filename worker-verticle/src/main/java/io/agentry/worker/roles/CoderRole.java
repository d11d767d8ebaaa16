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

  CoderRole(RoleKit kit, CodeChanges changes) {
    this.kit = kit;
    this.changes = changes;
  }

  Future<JsonObject> code(JobContext context) {
    GoalJob job = GoalJob.of(context.job());
    return kit.task(job)
        .compose(task -> kit.workspace(job).compose(ws -> code(context, job, task, ws)));
  }

  private Future<JsonObject> code(JobContext context, GoalJob job, Task task, Workspace ws) {
    return WorkspaceFiles.list(kit.vertx(), ws)
        .compose(
            files -> {
              String user =
                  Prompts.user(
                      task,
                      Prompts.plan(task.plan()),
                      Prompts.planItem(task.plan(), job.planItem()),
                      Prompts.section("Feedback to address", job.feedback()),
                      Prompts.files(files));
              return AgentSteps.run(
                  kit,
                  context,
                  job,
                  task,
                  ROLE,
                  ws,
                  TOOLS,
                  Prompts.messages(Prompts.CODER, user),
                  List.of(),
                  outcome -> committed(job, ws, outcome));
            });
  }

  private Future<JsonObject> committed(GoalJob job, Workspace ws, StepOutcome outcome) {
    String summary = outcome.finalText() == null ? "" : outcome.finalText();
    return changes
        .commit(job, ROLE, ws, summary)
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
