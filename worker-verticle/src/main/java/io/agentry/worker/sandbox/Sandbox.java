package io.agentry.worker.sandbox;

import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.core.config.ConfigLoader;
import io.agentry.worker.sandbox.bwrap.BubblewrapSandbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * Runs commands on behalf of agents, isolated from the host. It fails closed: when the isolation
 * cannot be set up (no bubblewrap, a failing self-check) nothing runs and every call fails with
 * {@link io.agentry.core.error.ErrorCode#UNAVAILABLE}. The policy comes only from the node's
 * configuration; nothing inside a workspace can change it.
 */
public interface Sandbox {

  /**
   * Opens the bubblewrap sandbox: checks bwrap, builds its small exec helper into {@code
   * <dataDir>/sandbox/} (once per helper version, with the system C compiler), probes for a memory
   * cgroup and runs a self-check command under the full policy. The returned sandbox may be
   * unavailable (see {@link #status()}); it never runs anything then.
   */
  static Future<Sandbox> open(Vertx vertx, SandboxSettings settings, Path dataDir) {
    return BubblewrapSandbox.open(vertx, settings, dataDir, true);
  }

  /** {@link #open(Vertx, SandboxSettings, Path)} with the default data directory. */
  static Future<Sandbox> open(Vertx vertx, SandboxSettings settings) {
    return open(vertx, settings, ConfigLoader.defaultsOnly().node().dataDir());
  }

  /**
   * Runs one command. Completes with a result for every outcome of the command itself (non-zero
   * exit, signal, timeout, truncated output); fails only when the sandbox is unavailable or the
   * command could not be started.
   */
  Future<SandboxResult> run(SandboxCommand command);

  SandboxStatus status();
}
