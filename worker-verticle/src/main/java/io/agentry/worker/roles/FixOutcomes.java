package io.agentry.worker.roles;

import io.agentry.core.memory.MemoryCollection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The learning step: once the tests after a debugger's fix have run, the fix is recorded in the
 * error graph as a success or a failure (a fix that keeps failing becomes an anti-pattern there).
 * When the debugger applied the suggested fix — most of the suggested patch's added lines are in
 * its own diff — the attempt counts for that known solution, so its confidence grows; otherwise the
 * debugger's own fix is recorded as a new solution. Working fixes also go to vector memory.
 */
final class FixOutcomes {

  /** Share of the suggested patch's added lines that must appear for the fix to count as used. */
  private static final double SAME_FIX = 0.5;

  private final RoleKit kit;

  FixOutcomes(RoleKit kit) {
    this.kit = kit;
  }

  Future<Void> verified(GoalJob job, JsonObject testResult) {
    JsonObject fix = job.verifyingFix();
    if (fix == null || fix.getString("errorId") == null) {
      return Future.succeededFuture();
    }
    boolean success = testResult.getBoolean("success", false);
    boolean usedSuggestion = usedSuggestion(fix);
    String description =
        usedSuggestion ? fix.getString("suggestedDescription") : fix.getString("summary", "fix");
    String patch = usedSuggestion ? fix.getString("suggestedPatch") : fix.getString("diff", "");
    return kit.task(job)
        .compose(
            task ->
                kit.errors()
                    .recordAttempt(
                        task.tenantId(),
                        UUID.fromString(fix.getString("errorId")),
                        description,
                        patch,
                        success,
                        "debugger")
                    .compose(
                        solution ->
                            (success
                                    ? remember(
                                        task.tenantId(),
                                        job,
                                        fix,
                                        solution.id(),
                                        description,
                                        patch)
                                    : Future.<Void>succeededFuture())
                                .compose(
                                    v ->
                                        kit.record(
                                            job,
                                            "FixOutcomeRecorded",
                                            new JsonObject()
                                                .put("errorId", fix.getString("errorId"))
                                                .put("solutionId", solution.id().toString())
                                                .put("success", success)
                                                .put("usedSuggestion", usedSuggestion)
                                                .put("successCount", solution.successCount())
                                                .put("failureCount", solution.failureCount())))))
        .mapEmpty();
  }

  private Future<Void> remember(
      UUID tenantId,
      GoalJob job,
      JsonObject fix,
      UUID solutionId,
      String description,
      String patch) {
    String text = fix.getString("error", "") + "\nFix: " + description + "\n" + patch;
    return kit.memory()
        .store(
            tenantId,
            MemoryCollection.SOLUTIONS,
            solutionId.toString(),
            text,
            new JsonObject()
                .put("project", job.projectId().toString())
                .put("errorId", fix.getString("errorId"))
                .put("fingerprint", fix.getString("fingerprint", "")))
        .recover(err -> Future.succeededFuture());
  }

  static boolean usedSuggestion(JsonObject fix) {
    String suggested = fix.getString("suggestedPatch");
    if (suggested == null || suggested.isBlank()) {
      return false;
    }
    Set<String> wanted = addedLines(suggested);
    if (wanted.isEmpty()) {
      return false;
    }
    Set<String> made = addedLines(fix.getString("diff", ""));
    long found = wanted.stream().filter(made::contains).count();
    return found >= Math.ceil(wanted.size() * SAME_FIX);
  }

  private static Set<String> addedLines(String diff) {
    Set<String> lines = new HashSet<>();
    diff.lines()
        .filter(l -> l.startsWith("+") && !l.startsWith("+++"))
        .map(l -> l.substring(1).strip())
        .filter(l -> !l.isEmpty())
        .forEach(lines::add);
    return lines;
  }
}
