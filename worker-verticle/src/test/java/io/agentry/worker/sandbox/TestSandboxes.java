package io.agentry.worker.sandbox;

import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.core.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Sandbox settings and workspaces for tests: the shipped defaults with short limits. */
public final class TestSandboxes {

  /** Where tests' sandboxes build their helper: once per module build, under {@code target/}. */
  public static final Path DATA_DIR = Path.of("target", "agentry-test-data").toAbsolutePath();

  private TestSandboxes() {}

  public static SandboxSettings settings(int timeoutSeconds, int processes, int memoryMb) {
    SandboxSettings d = ConfigLoader.defaultsOnly().sandbox();
    return new SandboxSettings(
        d.bwrapPath(),
        d.uid(),
        d.gid(),
        d.path(),
        timeoutSeconds,
        d.cpuSeconds(),
        d.fileSizeMb(),
        d.openFiles(),
        processes,
        16,
        memoryMb,
        d.maxOutputBytes());
  }

  public static SandboxSettings withBwrap(SandboxSettings s, String bwrapPath) {
    return new SandboxSettings(
        bwrapPath,
        s.uid(),
        s.gid(),
        s.path(),
        s.timeoutSeconds(),
        s.cpuSeconds(),
        s.fileSizeMb(),
        s.openFiles(),
        s.processes(),
        s.tmpSizeMb(),
        s.memoryMb(),
        s.maxOutputBytes());
  }

  public static SandboxSettings withCpuSeconds(SandboxSettings s, int cpuSeconds) {
    return new SandboxSettings(
        s.bwrapPath(),
        s.uid(),
        s.gid(),
        s.path(),
        s.timeoutSeconds(),
        cpuSeconds,
        s.fileSizeMb(),
        s.openFiles(),
        s.processes(),
        s.tmpSizeMb(),
        s.memoryMb(),
        s.maxOutputBytes());
  }

  /** Opens a sandbox whose helper is built once into this module's {@code target/}. */
  public static Sandbox open(Vertx vertx, SandboxSettings settings) {
    return Sandbox.open(vertx, settings, DATA_DIR).await();
  }

  /**
   * A fresh directory the sandbox user can reach: JUnit's temp dirs are private to root, and the
   * sandboxed uid must be able to traverse to its workspace.
   */
  public static Path workspace(Path tempDir, String name) throws IOException {
    Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Files.createDirectories(tempDir.resolve(name));
  }
}
