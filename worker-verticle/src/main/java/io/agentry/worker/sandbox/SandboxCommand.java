package io.agentry.worker.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One command to run: {@code argv} (no shell unless the caller runs one), inside {@code workspace}
 * (the only writable host directory, seen as {@link #WORKSPACE_MOUNT}), starting in {@code workdir}
 * relative to it. {@code timeout} may only shorten the configured wall-clock limit.
 */
public record SandboxCommand(Path workspace, List<String> argv, String workdir, Duration timeout) {

  /** Where the workspace appears inside the sandbox. */
  public static final String WORKSPACE_MOUNT = "/workspace";

  public SandboxCommand {
    if (argv == null || argv.isEmpty()) {
      throw new IllegalArgumentException("a sandboxed command needs at least a program");
    }
    argv = List.copyOf(argv);
    workdir = workdir == null || workdir.isBlank() ? "." : workdir;
  }

  public static SandboxCommand of(Path workspace, String... argv) {
    return new SandboxCommand(workspace, List.of(argv), ".", null);
  }

  /** Runs {@code script} with {@code /bin/sh -c}. */
  public static SandboxCommand shell(Path workspace, String script) {
    return of(workspace, "/bin/sh", "-c", script);
  }

  public SandboxCommand withTimeout(Duration limit) {
    return new SandboxCommand(workspace, argv, workdir, limit);
  }

  public SandboxCommand inDirectory(String relative) {
    return new SandboxCommand(workspace, argv, relative, timeout);
  }
}
