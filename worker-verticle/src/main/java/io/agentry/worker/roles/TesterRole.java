package io.agentry.worker.roles;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.tasks.Task;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The tester: writes tests for the acceptance criteria with the model, commits them, then runs the
 * whole suite itself ({@link TestRuns}) so the result the gates judge never depends on what a model
 * says. When the run verifies a debugger's fix, its outcome is fed back to the error graph.
 */
final class TesterRole {

  static final String ROLE = "tester";
  static final Set<String> TOOLS =
      Set.of("list_files", "read_file", "write_file", "edit_file", "run_tests", "run_command");

  private final RoleKit kit;
  private final CodeChanges changes;
  private final TestRuns runs;
  private final FixOutcomes fixes;

  TesterRole(RoleKit kit, CodeChanges changes, TestRuns runs, FixOutcomes fixes) {
    this.kit = kit;
    this.changes = changes;
    this.runs = runs;
    this.fixes = fixes;
  }

  Future<JsonObject> test(JobContext context) {
    return RoleJob.begin(kit, context).compose(this::test);
  }

  private Future<JsonObject> test(RoleJob work) {
    GoalJob job = work.job();
    Workspace ws = work.workspace();
    if (job.verifyingFix() != null) {
      // A retest after a fix: the tests exist; only the authoritative run is needed.
      return runs.run(job, ws).compose(result -> fixes.verified(job, result).map(result));
    }
    Task task = work.task();
    return AgentSteps.run(
        kit,
        work,
        ROLE,
        TOOLS,
        Prompts.TESTER,
        Prompts.user(
            task,
            Prompts.plan(task.plan()),
            Prompts.acceptance(task),
            Prompts.section("Feedback to address", job.feedback()),
            work.filesSection()),
        List.of(),
        outcome ->
            changes
                .commit(job, ROLE, ws, outcome.finalText() == null ? "tests" : outcome.finalText())
                .compose(commit -> runs.run(job, ws)));
  }
}
