package io.agentry.worker.sandbox.bwrap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code agentry-sandbox-exec} (the C source next to this class) with the system C compiler
 * into {@code <dataDir>/sandbox/}, once per source version: the file name carries a hash of the
 * source, so a changed helper is rebuilt and an old binary is never run. Both the directory and the
 * binary must belong to the node's user and be writable by nobody else, because the node runs the
 * helper as root; otherwise, or when no compiler is there, the sandbox stays unavailable.
 */
final class SandboxExecHelper {

  static final String SOURCE = "sandbox-exec.c";
  private static final List<String> COMPILERS =
      List.of("/usr/bin/cc", "/usr/bin/gcc", "/usr/local/bin/cc");
  private static final int NOT_SAFE = 0022;
  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  private SandboxExecHelper() {}

  /** The helper for this source, built now when it is not there yet. */
  static Path ensure(Path dataDir, HostUser user) throws IOException {
    byte[] source = source();
    Path dir = dataDir.toAbsolutePath().normalize().resolve("sandbox");
    Files.createDirectories(dir);
    if ((Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == user.uid()) {
      Files.setPosixFilePermissions(dir, PRIVATE);
    }
    requireOwnedAndPrivate(dir, user);
    Path binary = dir.resolve("agentry-sandbox-exec-" + hash(source));
    if (!Files.exists(binary, LinkOption.NOFOLLOW_LINKS)) {
      compile(source, dir, binary);
    }
    requireOwnedAndPrivate(binary, user);
    if (!Files.isRegularFile(binary, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(binary)) {
      throw new IOException(binary + " is not an executable file");
    }
    return binary;
  }

  private static void compile(byte[] source, Path dir, Path binary) throws IOException {
    String compiler =
        COMPILERS.stream()
            .filter(c -> Files.isExecutable(Path.of(c)))
            .findFirst()
            .orElseThrow(
                () ->
                    new IOException(
                        "no C compiler to build the sandbox helper (install gcc and libc6-dev)"));
    // A private name per attempt, then an atomic rename: nodes sharing a data dir may race here.
    String attempt = ".build-" + UUID.randomUUID();
    Path src = dir.resolve(attempt + ".c");
    Path out = dir.resolve(attempt);
    try {
      Files.write(src, source);
      ProcessBuilder builder =
          new ProcessBuilder(compiler, "-O2", "-o", out.toString(), src.toString())
              .redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/bin:/bin");
      builder.environment().put("TMPDIR", dir.toString());
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(compiler + " did not finish building the sandbox helper");
      }
      if (process.exitValue() != 0) {
        throw new IOException(compiler + " could not build the sandbox helper: " + output.strip());
      }
      Files.setPosixFilePermissions(out, PRIVATE);
      Files.move(out, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building the sandbox helper", e);
    } finally {
      Files.deleteIfExists(src);
      Files.deleteIfExists(out);
    }
  }

  private static void requireOwnedAndPrivate(Path path, HostUser user) throws IOException {
    int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if (owner != user.uid() || (mode & NOT_SAFE) != 0) {
      throw new IOException(
          path
              + " must belong to uid "
              + user.uid()
              + " and be writable by nobody else (owner "
              + owner
              + ", mode "
              + Integer.toOctalString(mode & 07777)
              + ")");
    }
  }

  private static byte[] source() throws IOException {
    try (InputStream in = SandboxExecHelper.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IOException(SOURCE + " is missing from the worker jar");
      }
      return in.readAllBytes();
    }
  }

  private static String hash(byte[] source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(source);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
