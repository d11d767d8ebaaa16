package io.agentry.worker.sandbox.bwrap;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the sandbox helper ({@code agentry-sandbox-exec}, then bwrap) for each run and, when asked
 * to, keeps one helper started ahead for the next run. The expensive part of a start is not the
 * command but the set-up: the JVM's process spawn and joining the memory cgroup, which waits for an
 * RCU grace period in the kernel (5-10 ms here). A helper started ahead has done both, holds its
 * own cgroup and waits, still root and running nothing, for its command on stdin; when it has not
 * been taken by the time the node exits, its stdin closes and it ends without running anything.
 */
final class Launcher {

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  private final List<String> helperCommand;
  private final MemoryCgroup cgroup;
  private final long memoryBytes;
  private final boolean prepareAhead;
  private final AtomicReference<CompletableFuture<Launch>> spare = new AtomicReference<>();

  /**
   * @param helperCommand the helper with its limits and user, ending with {@code -- <bwrap>}; a
   *     {@code --cgroup} option is put in front of it per run
   * @param cgroup where runs get their memory cgroup, or null when there is none
   */
  Launcher(
      List<String> helperCommand, MemoryCgroup cgroup, long memoryBytes, boolean prepareAhead) {
    this.helperCommand = List.copyOf(helperCommand);
    this.cgroup = cgroup;
    this.memoryBytes = memoryBytes;
    this.prepareAhead = prepareAhead;
  }

  /** A started helper for one run: the one prepared ahead when it is alive, else a new one. */
  Launch take() throws IOException {
    CompletableFuture<Launch> ready = spare.getAndSet(null);
    if (ready != null) {
      Launch launch = ready.join();
      if (launch != null && launch.process().isAlive()) {
        return launch;
      }
      discard(launch);
    }
    return start();
  }

  /**
   * After a run: kills what is left in its cgroup, keeps the group for another run and starts the
   * next run's helper. Not earlier: a helper joining its cgroup while a run starts slows that run
   * down (~2 ms at the median in a paired run under load).
   */
  void finish(Launch launch) throws IOException {
    try {
      release(launch);
    } finally {
      if (prepareAhead) {
        prepareNext();
      }
    }
  }

  private void release(Launch launch) throws IOException {
    if (launch.group() != null) {
      cgroup.release(launch.group());
    }
  }

  /** Stops the helper prepared ahead, if any (the sandbox will not run anything). */
  void discardSpare() {
    CompletableFuture<Launch> ready = spare.getAndSet(null);
    if (ready != null) {
      discard(ready.join());
    }
  }

  private void prepareNext() {
    CompletableFuture<Launch> next = new CompletableFuture<>();
    if (!spare.compareAndSet(null, next)) {
      return;
    }
    Thread.ofVirtual()
        .name("agentry-sandbox-prepare")
        .start(
            () -> {
              try {
                next.complete(start());
              } catch (IOException | RuntimeException e) {
                // The run that takes this slot starts its own helper and reports what fails.
                LOG.debug("could not prepare a sandbox helper ahead", e);
                next.complete(null);
              }
            });
  }

  private Launch start() throws IOException {
    MemoryCgroup.Run group = cgroup == null ? null : cgroup.acquire(memoryBytes);
    try {
      List<String> argv = new ArrayList<>(helperCommand.size() + 2);
      argv.add(helperCommand.get(0));
      if (group != null) {
        argv.add("--cgroup");
        argv.add(group.procs().toString());
      }
      argv.addAll(helperCommand.subList(1, helperCommand.size()));
      ProcessBuilder builder = new ProcessBuilder(argv);
      // Nothing of the node's environment (API keys, passwords) reaches even the helper.
      builder.environment().clear();
      return new Launch(builder.start(), group);
    } catch (IOException | RuntimeException e) {
      if (group != null) {
        group.close();
      }
      throw e;
    }
  }

  private void discard(Launch launch) {
    if (launch == null) {
      return;
    }
    launch.process().destroyForcibly();
    try {
      launch.process().waitFor();
      release(launch);
    } catch (IOException e) {
      LOG.debug("could not clean up a discarded sandbox helper's cgroup", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One started helper and the cgroup it joined (null without one). */
  record Launch(Process process, MemoryCgroup.Run group) {

    /**
     * The rest of the bwrap command line as the helper reads it: each argument ended by a NUL.
     *
     * @throws AgentryException with {@link ErrorCode#BAD_REQUEST} when an argument holds a NUL
     */
    static byte[] encode(List<String> arguments) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
      for (String argument : arguments) {
        if (argument.indexOf('\0') >= 0) {
          throw new AgentryException(
              ErrorCode.BAD_REQUEST, "a sandboxed command cannot contain a NUL character");
        }
        bytes.writeBytes(argument.getBytes(StandardCharsets.UTF_8));
        bytes.write(0);
      }
      return bytes.toByteArray();
    }

    /**
     * Hands the command over; the helper execs bwrap when its stdin ends. Fails when the helper is
     * already gone, and then its exit code and stderr tell why.
     */
    void send(byte[] encoded) throws IOException {
      try (OutputStream in = process.getOutputStream()) {
        in.write(encoded);
      }
    }
  }
}
