package io.agentry.node.testing;

import io.agentry.core.testing.TestConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The command-line client ({@code io.agentry.node.cli.AgentryCli}) in its own JVM, as {@code
 * bin/agentry submit|follow} runs it, with the test configuration plus {@code env}. Its output
 * (stdout and stderr together) is collected line by line while it runs, so a test can act on what
 * it has printed so far, and kept in {@code target/node-logs/cli-N.log}.
 */
public final class CliProcess implements AutoCloseable {

  private static final Path LOG_DIR = Path.of("target", "node-logs");
  private static final AtomicInteger STARTED = new AtomicInteger();

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile boolean pumping = true;

  private CliProcess(Process process) {
    this.process = process;
  }

  public static CliProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx96m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Dstdout.encoding=UTF-8");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.agentry.node.cli.AgentryCli");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("AGENTRY_"));
    builder.environment().putAll(TestConfig.environment(env));
    CliProcess cli = new CliProcess(builder.start());
    Files.createDirectories(LOG_DIR);
    Path log = LOG_DIR.resolve("cli-" + STARTED.incrementAndGet() + ".log");
    Files.writeString(log, String.join(" ", args).replaceAll("agk_\\S+", "agk_...") + "\n");
    cli.pump(log);
    return cli;
  }

  /** Waits for the client to end; returns its exit status. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the client still runs after " + timeout + ":\n" + output());
    }
    // The pump may still be reading the last lines.
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (pumping && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return process.exitValue();
  }

  /** Waits until a printed line matches; returns it. */
  public String awaitLine(Predicate<String> matching, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        if (matching.test(line)) {
          return line;
        }
      }
      if (!process.isAlive() && !pumping) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such line within " + timeout + ":\n" + output());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void pump(Path log) {
    Thread pump =
        new Thread(
            () -> {
              try (var reader =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var out =
                      new PrintWriter(
                          Files.newBufferedWriter(log, StandardOpenOption.APPEND), true)) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                  out.println(line);
                }
              } catch (IOException e) {
                lines.add("[output pump stopped: " + e + "]");
              } finally {
                pumping = false;
              }
            },
            "cli-output");
    pump.setDaemon(true);
    pump.start();
  }
}
