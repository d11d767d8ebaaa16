package io.agentry.worker.sandbox.bwrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * When the node runs as root, sandboxed commands run as an unprivileged uid, so the workspace must
 * belong to that uid. Files the node itself wrote (tool writes, git checkouts) are handed over
 * before each run; {@code .git} stays the node's and is mounted read-only anyway. Only entries with
 * the wrong owner are changed, so a settled workspace costs one walk of stat calls.
 */
final class WorkspaceOwnership {

  private WorkspaceOwnership() {}

  static void handOver(Path workspace, int uid, int gid) {
    try {
      Files.walkFileTree(
          workspace,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (dir.getFileName().toString().equals(".git") && !dir.equals(workspace)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              own(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              own(file);
              return FileVisitResult.CONTINUE;
            }

            private void own(Path path) throws IOException {
              if ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                  != uid) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand the workspace over to the sandbox user", e);
    }
  }
}
