package io.agentry.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Agentry node JVM started by the benchmark (the "worker process" of the peer harness). Its
 * output goes to a log file; the line {@code Agentry node <id> started ...} marks it ready.
 */
final class NodeProcess implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("Agentry node (\\S+) started(?: in (\\d+) ms)?");

  /** Nodes still running; killed if the benchmark itself is stopped (SIGINT/SIGTERM). */
  private static final java.util.Set<Process> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Process p : LIVE) {
                    p.toHandle().destroyForcibly();
                  }
                },
                "kill-bench-nodes"));
  }

  private final Process process;
  private final Path log;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile long readyAtNanos;
  private volatile long mainEnteredAtNanos;
  private volatile String nodeId;

  private NodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the node; returns at once (see {@link #awaitReady}). */
  static NodeProcess start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    NodeProcess node = new NodeProcess(pb.start(), log);
    LIVE.add(node.process);
    node.process.onExit().thenRun(() -> LIVE.remove(node.process));
    Thread reader = new Thread(node::pump, "node-output-" + node.process.pid());
    reader.setDaemon(true);
    reader.start();
    return node;
  }

  private void pump() {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (readyAtNanos == 0) {
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            readyAtNanos = System.nanoTime();
            nodeId = m.group(1);
            if (m.group(2) != null) {
              mainEnteredAtNanos = readyAtNanos - Long.parseLong(m.group(2)) * 1_000_000L;
            }
            ready.countDown();
          }
        }
        out.println(line);
        out.flush();
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > 30) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process is gone; nothing more to read
    }
  }

  /**
   * Waits for the start-up line. Throws with the end of the node's output when the node exits first
   * or does not get ready in time.
   */
  void awaitReady(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      if (ready.await(50, TimeUnit.MILLISECONDS)) {
        return;
      }
      if (!process.isAlive()) {
        Thread.sleep(100); // let the reader drain the last lines
        throw new IllegalStateException(
            "node exited with code " + process.exitValue() + " before it was ready:\n" + tail());
      }
    }
    throw new IllegalStateException(
        "node not ready within " + timeoutMs + " ms (log " + log + "):\n" + tail());
  }

  boolean isReady() {
    return readyAtNanos != 0;
  }

  /** {@link System#nanoTime} when the start-up line was read, or 0. */
  long readyAtNanos() {
    return readyAtNanos;
  }

  /**
   * When the node's {@code main} began, from the start-up line ("started in N ms" counts from
   * there): ready time minus N ms, so within a millisecond. 0 before the line was read.
   */
  long mainEnteredAtNanos() {
    return mainEnteredAtNanos;
  }

  String nodeId() {
    return nodeId;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /** kill -9 (Process.destroyForcibly is SIGKILL on Linux), and wait until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM (graceful shutdown), then SIGKILL after {@code timeoutMs}. */
  void stop(long timeoutMs) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    long t0 = System.nanoTime();
    // SIGTERM through the handle: Process.destroy() would also close our end of the node's output
    // pipe, and the node's shutdown messages would be lost.
    process.toHandle().destroy();
    boolean exited = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    if (!exited) {
      kill();
    }
    QueueBench.log(
        String.format(
            "node %s stopped (%s after %.1f s)",
            nodeId,
            exited ? "exit " + process.exitValue() : "SIGKILL",
            (System.nanoTime() - t0) / 1e9));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
