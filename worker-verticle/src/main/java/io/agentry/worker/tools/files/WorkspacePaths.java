package io.agentry.worker.tools.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a path an agent gave against its workspace, refusing anything that could reach outside:
 * absolute paths, {@code ..} segments, the repository's {@code .git}, and symlinks (the nearest
 * existing ancestor's real path must stay inside the workspace's real path).
 */
public final class WorkspacePaths {

  private WorkspacePaths() {}

  public static Path resolve(Path workspace, String relative) throws IOException {
    if (relative == null || relative.isBlank()) {
      throw new IllegalArgumentException("path is empty");
    }
    Path given = Path.of(relative);
    if (given.isAbsolute()) {
      throw new IllegalArgumentException(
          "'" + relative + "' is absolute; give a path inside the workspace");
    }
    for (Path part : given) {
      String name = part.toString();
      if (name.equals("..")) {
        throw new IllegalArgumentException("'" + relative + "' leaves the workspace ('..')");
      }
      if (name.equals(".git")) {
        throw new IllegalArgumentException("'" + relative + "' is inside .git; use the git tools");
      }
    }
    Path root = workspace.toRealPath();
    Path target = root.resolve(given).normalize();
    Path existing = target;
    while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || !existing.toRealPath().startsWith(root)) {
      throw new IllegalArgumentException(
          "'" + relative + "' resolves outside the workspace (symlink)");
    }
    if (Files.isSymbolicLink(target) && !target.toRealPath().startsWith(root)) {
      throw new IllegalArgumentException(
          "'" + relative + "' is a symlink leading outside the workspace");
    }
    return target;
  }
}
