package io.agentry.worker.roles;

import io.agentry.core.jobs.JobContext;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The debugger: fingerprints the failing test run, consults the error graph and vector memory
 * ({@link KnownFixes}), lets the model fix the code with that knowledge in its prompt, and commits
 * the fix. Its result carries what the next test run needs to teach the error graph whether the fix
 * worked ({@link FixOutcomes}).
 */
final class DebuggerRole {

  static final String ROLE = "debugger";
  static final Set<String> TOOLS =
      Set.of("list_files", "read_file", "write_file", "edit_file", "run_tests", "run_command");

  private final RoleKit kit;
  private final CodeChanges changes;
  private final KnownFixes knownFixes;

  DebuggerRole(RoleKit kit, CodeChanges changes, KnownFixes knownFixes) {
    this.kit = kit;
    this.changes = changes;
    this.knownFixes = knownFixes;
  }

  Future<JsonObject> debug(JobContext context) {
    return RoleJob.begin(kit, context).compose(this::debug);
  }

  private Future<JsonObject> debug(RoleJob work) {
    GoalJob job = work.job();
    JsonObject failure = job.failure() == null ? new JsonObject() : job.failure();
    String output = failure.getString("output", "");
    return knownFixes
        .lookUp(job, work.task(), output.isBlank() ? "tests failed" : output)
        .compose(
            knowledge -> {
              List<Prompts.Section> sections = new ArrayList<>();
              sections.add(Prompts.plan(work.task().plan()));
              sections.add(Prompts.section("Failing test run", output));
              sections.addAll(knowledge.sections());
              sections.add(work.filesSection());
              return AgentSteps.run(
                  kit,
                  work,
                  ROLE,
                  TOOLS,
                  Prompts.DEBUGGER,
                  Prompts.user(work.task(), sections.toArray(Prompts.Section[]::new)),
                  List.of(),
                  outcome -> fixed(job, work.workspace(), knowledge, outcome));
            });
  }

  private Future<JsonObject> fixed(
      GoalJob job, Workspace ws, KnownFixes.Knowledge knowledge, StepOutcome outcome) {
    String summary = outcome.finalText() == null ? "fix" : outcome.finalText();
    return changes
        .commit(job, ROLE, ws, summary)
        .map(
            commit -> {
              JsonObject result =
                  new JsonObject()
                      .put("summary", summary)
                      .put("errorId", knowledge.error().id().toString())
                      .put("fingerprint", knowledge.error().fingerprint())
                      .put("error", KnownFixes.describe(knowledge.error()));
              commit.ifPresent(
                  c ->
                      result.put("commit", c.getString("commit")).put("diff", c.getString("diff")));
              knowledge
                  .suggestion()
                  .ifPresent(
                      s ->
                          result
                              .put("suggestedSolutionId", s.fix().id().toString())
                              .put("suggestedDescription", s.fix().description())
                              .put("suggestedPatch", s.fix().patch()));
              return result;
            });
  }
}
