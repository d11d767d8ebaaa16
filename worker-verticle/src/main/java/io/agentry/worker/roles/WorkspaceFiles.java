package io.agentry.worker.roles;

import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of a workspace as prompts show them: relative paths, without git and venv innards. */
final class WorkspaceFiles {

  private static final int MAX_FILES = 300;

  private WorkspaceFiles() {}

  static Future<List<String>> list(Vertx vertx, Workspace ws) {
    Path root = ws.root();
    return vertx.executeBlocking(
        () -> {
          try (Stream<Path> files = Files.walk(root, 8)) {
            return files
                .filter(Files::isRegularFile)
                .map(p -> root.relativize(p).toString())
                .filter(p -> !p.startsWith(".git/") && !p.contains("__pycache__"))
                .filter(p -> !p.startsWith("venv/") && !p.startsWith(".venv/"))
                .sorted()
                .limit(MAX_FILES)
                .toList();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        false);
  }
}
