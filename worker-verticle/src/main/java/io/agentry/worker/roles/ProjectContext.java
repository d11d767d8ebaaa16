package io.agentry.worker.roles;

import io.agentry.core.context.ContextEntry;
import io.agentry.core.context.ContextVersion;
import io.agentry.core.tasks.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The project's shared context (immutable versions, per tenant and project) as the roles use it:
 * every role's prompt shows the current entries — conventions a person wrote, the plans of the
 * project's goals — and the architect writes each plan it makes under {@code plan/<taskId>}, so a
 * re-plan is a new version and the previous one stays readable and restorable.
 */
final class ProjectContext {

  static final String AUTHOR_PREFIX = "role:";
  private static final int MAX_ENTRIES = 10;
  private static final int MAX_CHARS = 6_000;

  private final RoleKit kit;

  ProjectContext(RoleKit kit) {
    this.kit = kit;
  }

  Future<Prompts.Section> section(Task task) {
    return kit.context()
        .keys(task.tenantId(), task.projectId())
        .compose(
            keys -> {
              List<ContextEntry> recent =
                  keys.stream()
                      .sorted(Comparator.comparing(ContextEntry::updatedAt).reversed())
                      .limit(MAX_ENTRIES)
                      .toList();
              List<Future<Optional<ContextVersion>>> reads =
                  recent.stream()
                      .map(e -> kit.context().current(task.tenantId(), task.projectId(), e.key()))
                      .toList();
              return Future.all(reads)
                  .map(
                      all -> {
                        StringBuilder text = new StringBuilder();
                        for (int i = 0; i < reads.size(); i++) {
                          Optional<ContextVersion> v = all.resultAt(i);
                          v.ifPresent(
                              version ->
                                  text.append("- ")
                                      .append(version.key())
                                      .append(" (v")
                                      .append(version.version())
                                      .append("): ")
                                      .append(version.value().encode())
                                      .append('\n'));
                        }
                        String body =
                            text.length() <= MAX_CHARS
                                ? text.toString()
                                : text.substring(0, MAX_CHARS) + "\n[context cut]";
                        return Prompts.section("Shared project context", body);
                      });
            });
  }

  Future<Void> writePlan(GoalJob job, Task task, JsonObject plan) {
    return kit.context()
        .write(
            task.tenantId(),
            task.projectId(),
            "plan/" + job.taskId(),
            plan,
            AUTHOR_PREFIX + "architect")
        .mapEmpty();
  }
}
