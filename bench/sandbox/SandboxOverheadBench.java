import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.core.config.ConfigLoader;
import io.agentry.worker.sandbox.Sandbox;
import io.agentry.worker.sandbox.SandboxCommand;
import io.agentry.worker.sandbox.bwrap.BubblewrapSandbox;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;

/**
 * Overhead of a sandboxed command against a plain one, both started from Java: {@code /bin/true}
 * through {@link Sandbox#run} (helper with memory cgroup, limits and uid drop, then bwrap; output
 * capture) versus {@link ProcessBuilder} with the output drained the same way. The sandbox starts
 * the helper of the next run ahead, as a node does; a second sandbox that starts every run's
 * helper on demand gives the cold figure (a burst of runs, or the first after start-up).
 */
public class SandboxOverheadBench {

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int warmup = Math.max(20, runs / 10);
    SandboxSettings settings = ConfigLoader.load(null, Map.of()).sandbox();
    Vertx vertx = Vertx.vertx();
    try {
      Path dataDir = Path.of("bench/sandbox/target/data").toAbsolutePath();
      Sandbox sandbox = Sandbox.open(vertx, settings, dataDir).await();
      Sandbox cold = BubblewrapSandbox.open(vertx, settings, dataDir, false).await();
      for (Sandbox s : new Sandbox[] {sandbox, cold}) {
        if (!s.status().available()) {
          System.err.println("sandbox unavailable: " + s.status().reason());
          System.exit(2);
        }
      }
      String loadBefore = loadAverage();
      Path ws = Files.createTempDirectory("agentry-bench-ws");
      Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxr-xr-x"));
      SandboxCommand command = SandboxCommand.of(ws, "/bin/true");
      long[] plain = new long[runs];
      long[] boxed = new long[runs];
      long[] coldBoxed = new long[runs];
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
        var c = cold.run(command).await();
        long t3 = System.nanoTime();
        if (c.exitCode() != 0) throw new IllegalStateException("cold sandboxed /bin/true: " + c);
        if (i >= 0) {
          plain[i] = t1 - t0;
          boxed[i] = t2 - t1;
          coldBoxed[i] = t3 - t2;
        }
      }
      System.out.printf("sandbox: runs as %s; memory %s%n", sandbox.status().runAs(), sandbox.status().memoryLimit());
      System.out.printf("load average before %s, after %s (%d CPUs)%n", loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors());
      System.out.printf("%d runs each, interleaved (after %d warm-up runs), milliseconds%n%n", runs, warmup);
      System.out.printf("| %-22s | %7s | %7s | %7s |%n", "command", "p50", "p90", "p99");
      System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(24), "-".repeat(9), "-".repeat(9), "-".repeat(9));
      row("plain /bin/true", plain);
      row("sandboxed /bin/true", boxed);
      row("sandboxed, cold helper", coldBoxed);
      double overhead = pct(boxed, 50) - pct(plain, 50);
      System.out.printf("%np50 overhead: %.2f ms (target <= 10 ms): %s%n", overhead, overhead <= 10 ? "met" : "NOT met");
      System.out.printf("p50 overhead with a cold helper (no run prepared ahead): %.2f ms%n", pct(coldBoxed, 50) - pct(plain, 50));
      Files.deleteIfExists(ws);
    } finally {
      vertx.close().await();
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
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
