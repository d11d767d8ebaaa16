package io.agentry.node.testing;

import io.agentry.core.testing.TestConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Agentry node in its own JVM, started from the test class path with {@code
 * io.agentry.node.AgentryNode}. Output goes to {@code target/node-logs/NAME.log} and is kept for
 * assertions.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("^Agentry node (\\S+) started");
  private static final Pattern HEALTH = Pattern.compile("^\\s+health\\s+(http://\\S+)/health");
  private static final Path LOG_DIR = Path.of("target", "node-logs");

  /**
   * What Hazelcast asks for on JDK 9+; the jar's manifest carries the same for {@code java -jar}.
   */
  private static final List<String> HAZELCAST_JVM_FLAGS =
      List.of(
          "--add-modules=java.se",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.management/sun.management=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile String nodeId;
  private volatile String httpBase;

  private NodeProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts a node with the test configuration plus {@code env} overrides. */
  public static NodeProcess start(String name, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(HAZELCAST_JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.agentry.node.AgentryNode");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(TestConfig.environment(env));
    NodeProcess node = new NodeProcess(name, builder.start());
    node.pumpOutput();
    return node;
  }

  /**
   * Waits for the start-up summary — its first line (the node id) and its health line (the HTTP
   * base every node prints) — and returns the node id.
   */
  public String awaitStarted(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (nodeId == null || httpBase == null) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not start within " + timeout + ":\n" + output());
      }
      Thread.sleep(50);
    }
    return nodeId;
  }

  /** Waits for the process to end and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, sockets are reset by the kernel. */
  public void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the node's shutdown hook drains and leaves the cluster. */
  public void terminate() {
    // Through the handle: Process.destroy() would also close our end of the node's output.
    process.toHandle().destroy();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String nodeId() {
    return nodeId;
  }

  /** Where the node's HTTP endpoints listen, as its start-up summary printed it. */
  public String httpBase() {
    return httpBase;
  }

  public String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void pumpOutput() throws IOException {
    Files.createDirectories(LOG_DIR);
    Path log = LOG_DIR.resolve(name + ".log");
    Thread pump =
        new Thread(
            () -> {
              try (var reader =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                  out.println(line);
                  Matcher health = HEALTH.matcher(line);
                  if (health.find()) {
                    httpBase = health.group(1);
                  }
                  Matcher started = STARTED.matcher(line);
                  if (started.find()) {
                    nodeId = started.group(1);
                  }
                }
              } catch (IOException e) {
                lines.add("[output pump stopped: " + e + "]");
              }
            },
            "node-output-" + name);
    pump.setDaemon(true);
    pump.start();
  }
}
