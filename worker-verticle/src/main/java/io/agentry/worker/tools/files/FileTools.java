package io.agentry.worker.tools.files;

import io.agentry.worker.support.Blocking;
import io.agentry.worker.tools.RiskLevel;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.tools.SimpleTool;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** read_file, write_file, edit_file and list_files, all confined to the caller's workspace. */
public final class FileTools {

  static final int MAX_READ_BYTES = 256 * 1024;
  static final int MAX_LIST = 500;

  private final Vertx vertx;

  public FileTools(Vertx vertx) {
    this.vertx = vertx;
  }

  public List<Tool> tools() {
    return List.of(
        new SimpleTool(
            "read_file",
            "Read a text file of the workspace.",
            Schemas.object().string("path", "path relative to the workspace", 4096, true).build(),
            RiskLevel.SAFE,
            this::read),
        new SimpleTool(
            "write_file",
            "Create or replace a text file of the workspace.",
            Schemas.object()
                .string("path", "path relative to the workspace", 4096, true)
                .string("content", "the whole new content", 1_000_000, true)
                .build(),
            RiskLevel.RISKY,
            this::write),
        new SimpleTool(
            "edit_file",
            "Replace one exact occurrence of a search text in a file.",
            Schemas.object()
                .string("path", "path relative to the workspace", 4096, true)
                .string("search", "exact text to find; must occur exactly once", 100_000, true)
                .string("replace", "text to put in its place", 100_000, true)
                .build(),
            RiskLevel.RISKY,
            this::edit),
        new SimpleTool(
            "list_files",
            "List files under a directory of the workspace (recursively, without .git).",
            Schemas.object()
                .string("path", "directory relative to the workspace; '.' for all", 4096, false)
                .build(),
            RiskLevel.SAFE,
            this::list));
  }

  private Future<ToolResult> read(ToolCall call) {
    return confined(
        () -> {
          Path file =
              WorkspacePaths.resolve(call.workspace().root(), call.arguments().getString("path"));
          if (!Files.isRegularFile(file)) {
            return ToolResult.error("no file '" + call.arguments().getString("path") + "'");
          }
          if (Files.size(file) > MAX_READ_BYTES) {
            return ToolResult.error(
                "file is "
                    + Files.size(file)
                    + " bytes; read_file returns at most "
                    + MAX_READ_BYTES);
          }
          return ToolResult.ok(Files.readString(file));
        });
  }

  private Future<ToolResult> write(ToolCall call) {
    return confined(
        () -> {
          String path = call.arguments().getString("path");
          Path file = WorkspacePaths.resolve(call.workspace().root(), path);
          Files.createDirectories(file.getParent());
          String content = call.arguments().getString("content");
          Files.writeString(file, content);
          return ToolResult.ok("wrote " + content.length() + " characters to " + path);
        });
  }

  private Future<ToolResult> edit(ToolCall call) {
    return confined(
        () -> {
          JsonObject a = call.arguments();
          String path = a.getString("path");
          Path file = WorkspacePaths.resolve(call.workspace().root(), path);
          if (!Files.isRegularFile(file)) {
            return ToolResult.error("no file '" + path + "'");
          }
          String text = Files.readString(file);
          String search = a.getString("search");
          int first = search.isEmpty() ? -1 : text.indexOf(search);
          if (first < 0) {
            return ToolResult.error(
                "the search text does not occur in " + path + "; read the file and retry");
          }
          if (text.indexOf(search, first + 1) >= 0) {
            return ToolResult.error(
                "the search text occurs more than once in " + path + "; include more context");
          }
          Files.writeString(
              file,
              text.substring(0, first)
                  + a.getString("replace")
                  + text.substring(first + search.length()));
          return ToolResult.ok("edited " + path);
        });
  }

  private Future<ToolResult> list(ToolCall call) {
    return confined(
        () -> {
          Path root = call.workspace().root().toRealPath();
          String path = call.arguments().getString("path", ".");
          Path dir = path.equals(".") ? root : WorkspacePaths.resolve(root, path);
          if (!Files.isDirectory(dir)) {
            return ToolResult.error("no directory '" + path + "'");
          }
          try (Stream<Path> files = Files.walk(dir)) {
            List<String> names =
                files
                    .filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith(".git/"))
                    .sorted()
                    .limit(MAX_LIST + 1L)
                    .toList();
            String listing = String.join("\n", names.subList(0, Math.min(names.size(), MAX_LIST)));
            return ToolResult.ok(
                names.size() > MAX_LIST
                    ? listing + "\n[more than " + MAX_LIST + " files]"
                    : listing);
          }
        });
  }

  private Future<ToolResult> confined(Callable<ToolResult> work) {
    return Blocking.run(
        vertx,
        "agentry-file-tool",
        () -> {
          try {
            return work.call();
          } catch (IllegalArgumentException e) {
            return ToolResult.error(e.getMessage());
          }
        });
  }
}
