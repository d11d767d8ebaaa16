package io.agentry.worker.roles;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.tasks.Task;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import java.util.List;

/**
 * A role's job as every role starts it: the goal job, its task, the goal's workspace, its files.
 */
record RoleJob(
    JobContext context, GoalJob job, Task task, Workspace workspace, List<String> files) {

  static Future<RoleJob> begin(RoleKit kit, JobContext context) {
    GoalJob job = GoalJob.of(context.job());
    return kit.task(job)
        .compose(
            task ->
                kit.workspace(job)
                    .compose(
                        ws ->
                            WorkspaceFiles.list(kit.vertx(), ws)
                                .map(files -> new RoleJob(context, job, task, ws, files))));
  }

  Prompts.Section filesSection() {
    return Prompts.files(files);
  }
}
