package io.agentry.worker.sandbox.bwrap;

import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.worker.sandbox.Sandbox;
import io.agentry.worker.sandbox.SandboxCommand;
import io.agentry.worker.sandbox.SandboxResult;
import io.agentry.worker.sandbox.SandboxStatus;
import io.agentry.worker.support.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bubblewrap {@link Sandbox}. Each run is a blocking process wait on its own virtual thread;
 * the result is handed back on the caller's Vert.x context. A run is one helper process ({@code
 * agentry-sandbox-exec}: cgroup, limits, uid drop), which execs bwrap; the helper for the next run
 * is started ahead (see {@link Launcher}). On timeout the bwrap process is killed: {@code
 * --die-with-parent} then kills the sandbox's init, and the kernel tears down its whole pid
 * namespace (and the memory cgroup, when there is one, is emptied as well).
 */
public final class BubblewrapSandbox implements Sandbox {

  private static final Logger LOG = LoggerFactory.getLogger(BubblewrapSandbox.class);
  private static final long MIB = 1024L * 1024;

  private final Vertx vertx;
  private final SandboxSettings settings;
  private final HostUser user;
  private final BwrapCommandLine commandLine;
  private final MemoryCgroup cgroup;
  private final Path dataDir;
  private final boolean prepareAhead;
  private Launcher launcher;
  private volatile SandboxStatus status;

  private BubblewrapSandbox(
      Vertx vertx,
      SandboxSettings settings,
      HostUser user,
      MemoryCgroup.Probe probe,
      Path dataDir,
      boolean prepareAhead) {
    this.vertx = vertx;
    this.settings = settings;
    this.user = user;
    this.commandLine = new BwrapCommandLine(settings, user);
    this.cgroup = probe.cgroup();
    this.dataDir = dataDir;
    this.prepareAhead = prepareAhead;
    String memory =
        cgroup != null
            ? settings.memoryMb() + " MiB via " + cgroup.describe()
            : "not enforced: " + probe.reason() + "; CPU, file-size, process and /tmp limits hold";
    String runAs = user.isRoot() ? "uid " + settings.uid() : "uid " + user.uid() + " (node user)";
    this.status = new SandboxStatus(false, "self-check not run", memory, runAs);
  }

  /**
   * Opens the sandbox; its helper is built into {@code <dataDir>/sandbox/} when needed. With {@code
   * prepareAhead} the helper of the next run is started while the current one runs (the node's
   * way); without, every run starts its own (the benchmark's cold case).
   */
  public static Future<Sandbox> open(
      Vertx vertx, SandboxSettings settings, Path dataDir, boolean prepareAhead) {
    return Blocking.run(
        vertx,
        "agentry-sandbox-open",
        () -> {
          HostUser user = HostUser.current();
          BubblewrapSandbox sandbox =
              new BubblewrapSandbox(
                  vertx, settings, user, MemoryCgroup.probe(), dataDir, prepareAhead);
          sandbox.selfCheck();
          return sandbox;
        });
  }

  @Override
  public SandboxStatus status() {
    return status;
  }

  @Override
  public Future<SandboxResult> run(SandboxCommand command) {
    if (!status.available()) {
      return Future.failedFuture(
          new AgentryException(
              ErrorCode.UNAVAILABLE, "sandbox unavailable, nothing was run: " + status.reason()));
    }
    return Blocking.run(vertx, "agentry-sandbox", () -> runBlocking(command));
  }

  private void selfCheck() {
    if (!Files.isExecutable(Path.of(settings.bwrapPath()))) {
      status = unavailable(settings.bwrapPath() + " is missing (install the bubblewrap package)");
      LOG.error("sandbox disabled: {}", status.reason());
      return;
    }
    try {
      Path helper = SandboxExecHelper.ensure(dataDir, user);
      launcher =
          new Launcher(commandLine.helper(helper), cgroup, settings.memoryMb() * MIB, prepareAhead);
    } catch (IOException | RuntimeException e) {
      status = unavailable("cannot build the sandbox helper: " + e.getMessage());
      LOG.error("sandbox disabled: {}", status.reason());
      return;
    }
    Path probe = null;
    try {
      probe = Files.createTempDirectory("agentry-sandbox-check");
      Files.setPosixFilePermissions(
          probe, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      status = new SandboxStatus(true, null, status.memoryLimit(), status.runAs());
      SandboxResult result =
          runBlocking(
              SandboxCommand.shell(probe, "test -w /workspace && ! test -w /usr && echo ok")
                  .withTimeout(Duration.ofSeconds(10)));
      if (!result.succeeded() || !result.stdout().trim().equals("ok")) {
        status =
            unavailable(
                "self-check failed (exit " + result.exitCode() + "): " + result.stderr().trim());
      }
    } catch (IOException | RuntimeException e) {
      status = unavailable("self-check could not run: " + e.getMessage());
    } finally {
      deleteQuietly(probe);
    }
    if (status.available()) {
      LOG.info("sandbox ready: bubblewrap as {}, memory {}", status.runAs(), status.memoryLimit());
    } else {
      launcher.discardSpare();
      LOG.error("sandbox disabled: {}", status.reason());
    }
  }

  private SandboxStatus unavailable(String reason) {
    return new SandboxStatus(false, reason, status.memoryLimit(), status.runAs());
  }

  private SandboxResult runBlocking(SandboxCommand command) throws IOException {
    Path workspace = command.workspace().toRealPath();
    if (user.isRoot()) {
      WorkspaceOwnership.handOver(workspace, settings.uid(), settings.gid());
    }
    byte[] request = Launcher.Launch.encode(commandLine.bwrapArguments(command, workspace));
    Launcher.Launch launch = launcher.take();
    try {
      return execute(launch, request, timeout(command));
    } finally {
      launcher.finish(launch);
    }
  }

  private SandboxResult execute(Launcher.Launch launch, byte[] request, Duration timeout) {
    Process process = launch.process();
    MemoryCgroup.Run group = launch.group();
    CappedOutput out = new CappedOutput(process.getInputStream(), settings.maxOutputBytes());
    CappedOutput err = new CappedOutput(process.getErrorStream(), settings.maxOutputBytes());
    Thread outReader = Thread.ofVirtual().start(out);
    Thread errReader = Thread.ofVirtual().start(err);
    long started = System.nanoTime();
    try {
      launch.send(request);
    } catch (IOException e) {
      // The helper is gone already (it failed closed): its exit code and stderr say why.
    }
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        killTree(process, group);
        process.waitFor();
      }
      outReader.join(Duration.ofSeconds(5));
      errReader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      killTree(process, group);
      Thread.currentThread().interrupt();
    }
    int exit = process.isAlive() ? -1 : process.exitValue();
    String memory = group == null ? status.memoryLimit() : memoryNote(group);
    return new SandboxResult(
        exit,
        timedOut ? "KILL" : Signals.fromExitCode(exit),
        timedOut,
        out.text(),
        err.text(),
        out.truncated() || err.truncated(),
        (System.nanoTime() - started) / 1_000_000,
        memory);
  }

  private String memoryNote(MemoryCgroup.Run group) {
    return settings.memoryMb()
        + " MiB cgroup"
        + (group.oomKilled() ? " (limit hit: OOM kill)" : "");
  }

  private static void killTree(Process process, MemoryCgroup.Run group) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (group != null) {
      group.killAll();
    }
  }

  private Duration timeout(SandboxCommand command) {
    Duration max = Duration.ofSeconds(settings.timeoutSeconds());
    return command.timeout() == null || command.timeout().compareTo(max) > 0
        ? max
        : command.timeout();
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover empty temp directory is harmless.
    }
  }
}
