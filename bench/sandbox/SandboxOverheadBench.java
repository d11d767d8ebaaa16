import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.core.config.ConfigLoader;
import io.agentry.worker.sandbox.Sandbox;
import io.agentry.worker.sandbox.SandboxCommand;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;

/**
 * Overhead of a sandboxed command against a plain one, both started from Java: {@code /bin/true}
 * through {@link Sandbox#run} (prlimit, setpriv, bwrap, memory cgroup, output capture) versus
 * {@link ProcessBuilder} with the output drained the same way.
 */
public class SandboxOverheadBench {

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int warmup = Math.max(20, runs / 10);
    SandboxSettings settings = ConfigLoader.load(null, Map.of()).sandbox();
    Vertx vertx = Vertx.vertx();
    try {
      Sandbox sandbox = Sandbox.open(vertx, settings).await();
      if (!sandbox.status().available()) {
        System.err.println("sandbox unavailable: " + sandbox.status().reason());
        System.exit(2);
      }
      Path ws = Files.createTempDirectory("agentry-bench-ws");
      Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxr-xr-x"));
      SandboxCommand command = SandboxCommand.of(ws, "/bin/true");
      long[] plain = new long[runs];
      long[] boxed = new long[runs];
      for (int i = -warmup; i < runs; i++) {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("/bin/true").start();
        p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        if (p.waitFor() != 0) throw new IllegalStateException("plain /bin/true failed");
        long t1 = System.nanoTime();
        var r = sandbox.run(command).await();
        long t2 = System.nanoTime();
        if (r.exitCode() != 0) throw new IllegalStateException("sandboxed /bin/true: " + r);
        if (i >= 0) {
          plain[i] = t1 - t0;
          boxed[i] = t2 - t1;
        }
      }
      System.out.printf("sandbox: runs as %s; memory %s%n", sandbox.status().runAs(), sandbox.status().memoryLimit());
      System.out.printf("%d runs each (after %d warm-up runs), milliseconds%n%n", runs, warmup);
      System.out.printf("| %-22s | %7s | %7s | %7s |%n", "command", "p50", "p90", "p99");
      System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(24), "-".repeat(9), "-".repeat(9), "-".repeat(9));
      row("plain /bin/true", plain);
      row("sandboxed /bin/true", boxed);
      double overhead = pct(boxed, 50) - pct(plain, 50);
      System.out.printf("%np50 overhead: %.2f ms (target <= 10 ms): %s%n", overhead, overhead <= 10 ? "met" : "NOT met");
      Files.deleteIfExists(ws);
    } finally {
      vertx.close().await();
    }
  }

  private static void row(String name, long[] nanos) {
    System.out.printf("| %-22s | %7.2f | %7.2f | %7.2f |%n", name, pct(nanos, 50), pct(nanos, 90), pct(nanos, 99));
  }

  private static double pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
