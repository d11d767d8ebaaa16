package io.agentry.worker.roles;

import io.agentry.core.knowledge.ErrorNode;
import io.agentry.core.knowledge.FixSuggestion;
import io.agentry.core.memory.MemoryCollection;
import io.agentry.core.memory.MemoryHit;
import io.agentry.core.tasks.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the team already knows about a failure, gathered for the debugger's prompt: the error's node
 * in the error graph (recorded now, so every occurrence counts), the learning engine's best fix
 * with its confidence and the anti-patterns to avoid, and similar past solutions from vector
 * memory. The retrieval is recorded as a {@code KnowledgeRetrieved} ledger event. Memory is an
 * enrichment: when Chroma is down the debugger goes on without it.
 */
final class KnownFixes {

  private static final Logger LOG = LoggerFactory.getLogger(KnownFixes.class);
  private static final int MEMORY_HITS = 3;

  /** The knowledge found for one failure. */
  record Knowledge(ErrorNode error, Optional<FixSuggestion> suggestion, List<MemoryHit> memories) {

    JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("errorId", error.id().toString())
              .put("fingerprint", error.fingerprint())
              .put("errorType", error.type())
              .put("occurrences", error.occurrences());
      suggestion.ifPresent(
          s ->
              json.put(
                  "suggestion",
                  new JsonObject()
                      .put("solutionId", s.fix().id().toString())
                      .put("description", s.fix().description())
                      .put("confidence", s.confidence())
                      .put("successCount", s.fix().successCount())
                      .put("failureCount", s.fix().failureCount())));
      JsonArray hits = new JsonArray();
      memories.forEach(
          h -> hits.add(new JsonObject().put("id", h.id()).put("similarity", h.similarity())));
      return json.put("memoryHits", hits);
    }

    /** The prompt sections: known fix, what to avoid, similar solutions. */
    List<Prompts.Section> sections() {
      String known =
          suggestion
              .map(
                  s ->
                      String.format(
                              "Confidence %.2f (worked %d of %d times). %s%n%n```diff%n%s%n```",
                              s.confidence(),
                              s.fix().successCount(),
                              s.fix().successCount() + s.fix().failureCount(),
                              s.fix().description(),
                              s.fix().patch())
                          + avoid(s))
              .orElse("");
      StringBuilder similar = new StringBuilder();
      memories.forEach(
          h ->
              similar
                  .append(String.format("- (similarity %.2f) ", h.similarity()))
                  .append(h.text().strip().replace("\n", "\n  "))
                  .append('\n'));
      return List.of(
          Prompts.section("Known fix from the error knowledge graph", known),
          Prompts.section("Similar past solutions (vector memory)", similar.toString()));
    }

    private static String avoid(FixSuggestion s) {
      if (s.antiPatterns().isEmpty()) {
        return "";
      }
      StringBuilder text = new StringBuilder("\n\nAvoid (tried and failed):\n");
      s.antiPatterns().forEach(p -> text.append("- ").append(p.name()).append('\n'));
      return text.toString();
    }
  }

  private final RoleKit kit;

  KnownFixes(RoleKit kit) {
    this.kit = kit;
  }

  Future<Knowledge> lookUp(GoalJob job, Task task, String failureText) {
    return kit.errors()
        .recordError(task.tenantId(), job.projectId(), failureText)
        .compose(
            error ->
                kit.errors()
                    .suggest(task.tenantId(), error.fingerprint())
                    .compose(
                        suggestion ->
                            memories(task, error)
                                .map(hits -> new Knowledge(error, suggestion, hits))))
        .compose(
            knowledge ->
                rememberError(job, task, knowledge.error())
                    .compose(v -> kit.record(job, "KnowledgeRetrieved", knowledge.toJson()))
                    .map(knowledge));
  }

  private Future<List<MemoryHit>> memories(Task task, ErrorNode error) {
    return kit.memory()
        .search(task.tenantId(), MemoryCollection.SOLUTIONS, describe(error), MEMORY_HITS, null)
        .recover(
            err -> {
              LOG.warn("vector memory unavailable, debugging without it: {}", err.toString());
              return Future.succeededFuture(List.of());
            });
  }

  private Future<Void> rememberError(GoalJob job, Task task, ErrorNode error) {
    return kit.memory()
        .store(
            task.tenantId(),
            MemoryCollection.ERROR_PATTERNS,
            error.fingerprint(),
            describe(error) + "\n" + error.sample(),
            new JsonObject()
                .put("project", job.projectId().toString())
                .put("type", error.type())
                .put("errorId", error.id().toString()))
        .recover(err -> Future.succeededFuture());
  }

  static String describe(ErrorNode error) {
    return error.type()
        + ": "
        + error.normalizedMessage()
        + " at "
        + String.join(", ", error.frames());
  }
}
