package io.agentry.worker.tools.git;

import io.agentry.worker.tools.RiskLevel;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.tools.SimpleTool;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.workspace.GitToken;
import io.agentry.worker.workspace.Workspaces;
import io.vertx.core.Future;
import java.util.List;

/**
 * git_status, git_diff, git_commit, git_branch, git_checkpoint, git_rollback, git_clone and
 * git_push on the caller's workspace. The token for remotes comes from the node's configuration
 * (environment), never from the model.
 */
public final class GitTools {

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._/-]{0,99}";

  private final Workspaces workspaces;
  private final GitToken token;

  public GitTools(Workspaces workspaces, GitToken token) {
    this.workspaces = workspaces;
    this.token = token;
  }

  public List<Tool> tools() {
    return List.of(
        tool(
            "git_status",
            "Uncommitted changes of the workspace.",
            Schemas.object(),
            RiskLevel.SAFE,
            c ->
                c.workspace()
                    .status()
                    .map(s -> ToolResult.ok(s.toJson().encodePrettily(), s.toJson()))),
        tool(
            "git_diff",
            "Unified diff: uncommitted changes, or between two revisions.",
            Schemas.object()
                .string("from", "revision (omit for uncommitted changes)", 200, false)
                .string("to", "revision (default HEAD)", 200, false),
            RiskLevel.SAFE,
            this::diff),
        tool(
            "git_commit",
            "Commit every change with a summary and your reasoning.",
            Schemas.object()
                .string("summary", "first line", 200, true)
                .string("reasoning", "why this change", 10_000, true),
            RiskLevel.RISKY,
            c ->
                c.workspace()
                    .commit(
                        c.arguments().getString("summary"), c.arguments().getString("reasoning"))
                    .map(
                        o ->
                            o.map(i -> ToolResult.ok("committed " + i.id(), i.toJson()))
                                .orElse(ToolResult.ok("nothing to commit")))),
        tool(
            "git_branch",
            "Create a branch at HEAD and check it out.",
            Schemas.object().string("name", "branch name", 100, true),
            RiskLevel.RISKY,
            c ->
                named(c, "name")
                    .compose(n -> c.workspace().branch(n))
                    .map(b -> ToolResult.ok("on branch " + b))),
        tool(
            "git_checkpoint",
            "Commit pending changes and tag a checkpoint to roll back to.",
            Schemas.object()
                .string("name", "checkpoint name", 100, true)
                .string("note", "what state this is", 2000, true),
            RiskLevel.RISKY,
            c ->
                named(c, "name")
                    .compose(n -> c.workspace().checkpoint(n, c.arguments().getString("note")))
                    .map(i -> ToolResult.ok("checkpoint at " + i.id(), i.toJson()))),
        tool(
            "git_rollback",
            "Restore the files of a checkpoint (as a new commit).",
            Schemas.object()
                .string("name", "checkpoint name", 100, true)
                .string("reasoning", "why", 2000, true),
            RiskLevel.RISKY,
            c ->
                c.workspace()
                    .rollback(c.arguments().getString("name"), c.arguments().getString("reasoning"))
                    .map(i -> ToolResult.ok("rolled back: " + i.id(), i.toJson()))),
        tool(
            "git_clone",
            "Start a new task workspace as a clone of a remote repository.",
            Schemas.object()
                .string("url", "remote URL", 2000, true)
                .string("task", "the new task id", 64, true),
            RiskLevel.DANGEROUS,
            c ->
                workspaces
                    .cloneFrom(
                        c.agentId(),
                        c.arguments().getString("task"),
                        c.arguments().getString("url"),
                        token)
                    .map(w -> ToolResult.ok("cloned into " + w.root()))),
        tool(
            "git_push",
            "Push a branch of the workspace to a remote repository.",
            Schemas.object()
                .string("url", "remote URL", 2000, true)
                .string("branch", "branch (default main)", 100, false),
            RiskLevel.DANGEROUS,
            c ->
                c.workspace()
                    .push(
                        c.arguments().getString("url"),
                        c.arguments().getString("branch", "main"),
                        token)
                    .map(v -> ToolResult.ok("pushed"))));
  }

  private Future<ToolResult> diff(ToolCall c) {
    String from = c.arguments().getString("from");
    Future<String> diff =
        from == null
            ? c.workspace().diffWorkingTree()
            : c.workspace().diff(from, c.arguments().getString("to", "HEAD"));
    return diff.map(d -> ToolResult.ok(d.isEmpty() ? "(no differences)" : d));
  }

  private static Future<String> named(ToolCall c, String key) {
    String name = c.arguments().getString(key);
    return name.matches(NAME) && !name.contains("..")
        ? Future.succeededFuture(name)
        : Future.failedFuture("'" + name + "' is not a valid name");
  }

  private static Tool tool(
      String name,
      String description,
      Schemas schema,
      RiskLevel risk,
      java.util.function.Function<ToolCall, Future<ToolResult>> handler) {
    return new SimpleTool(name, description, schema.build(), risk, handler);
  }
}
