package io.agentry.worker.roles;

import io.agentry.core.memory.MemoryCollection;
import io.agentry.core.memory.MemoryHit;
import io.agentry.core.tasks.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles' use of vector memory besides the debugger's: the architect remembers each plan item as
 * a requirement, the coder recalls related requirements and code before it writes and remembers the
 * files it wrote. Recall is recorded as a {@code MemoryRecalled} ledger event. Memory enriches
 * prompts; when Chroma is down the roles go on without it.
 */
final class RoleMemory {

  private static final Logger LOG = LoggerFactory.getLogger(RoleMemory.class);
  private static final int HITS = 3;
  private static final double RELEVANT = 0.3;
  private static final int MAX_SNIPPET = 4_000;

  private final RoleKit kit;

  RoleMemory(RoleKit kit) {
    this.kit = kit;
  }

  Future<Void> rememberPlan(GoalJob job, Task task, JsonObject plan) {
    JsonArray items = plan.getJsonArray("tasks", new JsonArray());
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      String id = job.taskId() + ":" + i;
      String text =
          item.getString("title", "")
              + ": "
              + item.getString("description", "")
              + "\n"
              + String.join(
                  "\n",
                  item.getJsonArray("acceptanceCriteria", new JsonArray()).stream()
                      .map(String::valueOf)
                      .toList());
      chain = chain.compose(v -> store(task, MemoryCollection.REQUIREMENTS, id, text, job, null));
    }
    return chain;
  }

  /** Related requirements and code of the tenant's earlier work, as a prompt section. */
  Future<Prompts.Section> recall(GoalJob job, Task task, String query) {
    return Future.all(
            search(task, MemoryCollection.REQUIREMENTS, query),
            search(task, MemoryCollection.CODE_SNIPPETS, query))
        .compose(
            both -> {
              List<MemoryHit> hits = new ArrayList<>(both.<List<MemoryHit>>resultAt(0));
              hits.addAll(both.resultAt(1));
              List<MemoryHit> relevant =
                  hits.stream().filter(h -> h.similarity() >= RELEVANT).toList();
              JsonArray recorded = new JsonArray();
              StringBuilder text = new StringBuilder();
              for (MemoryHit hit : relevant) {
                recorded.add(
                    new JsonObject().put("id", hit.id()).put("similarity", hit.similarity()));
                text.append(String.format("- (similarity %.2f) ", hit.similarity()))
                    .append(hit.text().strip().replace("\n", "\n  "))
                    .append('\n');
              }
              return kit.record(
                      job,
                      "MemoryRecalled",
                      new JsonObject().put("query", query).put("hits", recorded))
                  .map(
                      v ->
                          Prompts.section(
                              "Related requirements and code from memory", text.toString()));
            });
  }

  /** Remembers the current content of the files a commit changed. */
  Future<Void> rememberFiles(GoalJob job, Task task, Path root, JsonArray files) {
    Future<Void> chain = Future.succeededFuture();
    for (Object entry : files) {
      JsonObject file = (JsonObject) entry;
      String path = file.getString("path");
      if ("delete".equals(file.getString("change"))) {
        continue;
      }
      chain =
          chain.compose(
              v ->
                  kit.vertx()
                      .executeBlocking(() -> snippet(root.resolve(path)), false)
                      .compose(
                          text ->
                              text.isEmpty()
                                  ? Future.succeededFuture()
                                  : store(
                                      task,
                                      MemoryCollection.CODE_SNIPPETS,
                                      job.projectId() + ":" + path,
                                      path + "\n" + text,
                                      job,
                                      path)));
    }
    return chain;
  }

  private static String snippet(Path file) throws java.io.IOException {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    String text = Files.readString(file);
    return text.length() <= MAX_SNIPPET ? text : text.substring(0, MAX_SNIPPET);
  }

  private Future<List<MemoryHit>> search(Task task, MemoryCollection collection, String query) {
    return kit.memory()
        .search(task.tenantId(), collection, query, HITS, null)
        .recover(
            err -> {
              LOG.warn("vector memory unavailable for {}: {}", collection, err.toString());
              return Future.succeededFuture(List.of());
            });
  }

  private Future<Void> store(
      Task task, MemoryCollection collection, String id, String text, GoalJob job, String path) {
    JsonObject metadata =
        new JsonObject()
            .put("project", job.projectId().toString())
            .put("task", job.taskId().toString());
    if (path != null) {
      metadata.put("path", path);
    }
    return kit.memory()
        .store(task.tenantId(), collection, id, text, metadata)
        .recover(
            err -> {
              LOG.warn("could not remember {} in {}: {}", id, collection, err.toString());
              return Future.succeededFuture();
            });
  }
}
