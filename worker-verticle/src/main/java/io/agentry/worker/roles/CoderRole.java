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
    GoalJob job = GoalJob.of(context.job());
    return kit.task(job)
        .compose(task -> kit.workspace(job).compose(ws -> code(context, job, task, ws)));
  }

  private Future<JsonObject> code(JobContext context, GoalJob job, Task task, Workspace ws) {
    Prompts.Section item = Prompts.planItem(task.plan(), job.planItem());
    String query =
        item != null ? item.body() : job.feedback() != null ? job.feedback() : task.goal();
    return Future.all(
            WorkspaceFiles.list(kit.vertx(), ws),
            memory.recall(job, task, query),
            this.context.section(task))
        .compose(
            all -> {
              List<String> files = all.resultAt(0);
              String user =
                  Prompts.user(
                      task,
                      Prompts.plan(task.plan()),
                      item,
                      all.resultAt(2),
                      Prompts.section("Feedback to address", job.feedback()),
                      all.resultAt(1),
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
                  outcome -> committed(job, task, ws, outcome));
            });
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
