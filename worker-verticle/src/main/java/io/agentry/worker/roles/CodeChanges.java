package io.agentry.worker.roles;

import io.agentry.worker.workspace.CommitInfo;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One commit per change, carrying the agent's reasoning, recorded per file in {@code code_changes}
 * and as a {@code CodeChanged} ledger event. Safe to repeat after a crash: the commit's summary
 * names the job, so a re-run finds the commit it already made instead of making another, and rows
 * are unique per commit and path.
 */
public final class CodeChanges {

  private static final String INSERT =
      "INSERT INTO code_changes (tenant_id, project_id, task_id, job_id, agent_id, role, path,"
          + " change_type, diff, commit_id, reasoning)"
          + " SELECT p.tenant_id, p.id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM projects p"
          + " WHERE p.id = $1 ON CONFLICT (commit_id, path) DO NOTHING";

  private static final Pattern FILE_HEADER =
      Pattern.compile("^diff --git a/(\\S+) b/(\\S+)$", Pattern.MULTILINE);
  private static final int MAX_DIFF_CHARS = 200_000;

  private final RoleKit kit;

  CodeChanges(RoleKit kit) {
    this.kit = kit;
  }

  /** Commits what the step changed; completes with the commit's summary, or empty if nothing. */
  Future<Optional<JsonObject>> commit(GoalJob job, String role, Workspace ws, String reasoning) {
    String marker = "[job " + job.jobId() + "]";
    String summary = role + ": " + firstLine(reasoning) + " " + marker;
    return ws.commit(summary, reasoning)
        .compose(made -> made.isPresent() ? Future.succeededFuture(made) : earlier(ws, marker))
        .compose(
            made ->
                made.isEmpty()
                    ? Future.succeededFuture(Optional.<JsonObject>empty())
                    : record(job, role, ws, made.get(), reasoning).map(Optional::of));
  }

  /** The commit an earlier attempt of this job made, if it got that far. */
  private static Future<Optional<CommitInfo>> earlier(Workspace ws, String marker) {
    return ws.log(20)
        .map(log -> log.stream().filter(c -> c.summary().endsWith(marker)).findFirst());
  }

  private Future<JsonObject> record(
      GoalJob job, String role, Workspace ws, CommitInfo commit, String reasoning) {
    return ws.diff(commit.id() + "^", commit.id())
        .compose(
            diff -> {
              List<FileDiff> files = split(diff);
              List<Tuple> rows = new ArrayList<>();
              JsonArray summary = new JsonArray();
              for (FileDiff file : files) {
                rows.add(
                    Tuple.of(
                        job.projectId(),
                        job.taskId(),
                        job.jobId(),
                        job.agentId(),
                        role,
                        file.path(),
                        file.changeType(),
                        capped(file.diff()),
                        commit.id(),
                        reasoning));
                summary.add(
                    new JsonObject().put("path", file.path()).put("change", file.changeType()));
              }
              JsonObject event =
                  new JsonObject()
                      .put("role", role)
                      .put("commit", commit.id())
                      .put("summary", commit.summary())
                      .put("files", summary)
                      .put("reasoning", reasoning);
              Future<?> inserted =
                  rows.isEmpty()
                      ? Future.succeededFuture()
                      : kit.pool().preparedQuery(INSERT).executeBatch(rows);
              return inserted
                  .compose(v -> kit.record(job, "CodeChanged", event))
                  .map(
                      v ->
                          new JsonObject()
                              .put("commit", commit.id())
                              .put("files", summary)
                              .put("diff", capped(diff)));
            });
  }

  /** A unified diff of several files, one entry per file. */
  public static List<FileDiff> split(String diff) {
    List<FileDiff> files = new ArrayList<>();
    Matcher m = FILE_HEADER.matcher(diff);
    List<int[]> starts = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    while (m.find()) {
      starts.add(new int[] {m.start()});
      paths.add(m.group(2));
    }
    for (int i = 0; i < starts.size(); i++) {
      int from = starts.get(i)[0];
      int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : diff.length();
      String body = diff.substring(from, to);
      files.add(new FileDiff(paths.get(i), changeType(body), body));
    }
    return files;
  }

  private static String changeType(String body) {
    if (body.contains("\nnew file mode")) {
      return "add";
    }
    if (body.contains("\ndeleted file mode")) {
      return "delete";
    }
    if (body.contains("\nrename from")) {
      return "rename";
    }
    return "modify";
  }

  /** A diff cut to what {@code code_changes} keeps. */
  public static String capped(String text) {
    return text.length() <= MAX_DIFF_CHARS
        ? text
        : text.substring(0, MAX_DIFF_CHARS) + "\n[diff truncated]\n";
  }

  private static String firstLine(String text) {
    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
    if (line.isEmpty()) {
      line = "changes";
    }
    return line.length() > 72 ? line.substring(0, 69) + "..." : line;
  }

  /** One file's part of a diff. */
  public record FileDiff(String path, String changeType, String diff) {}
}
