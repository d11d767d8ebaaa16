package io.agentry.worker.sandbox.bwrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A per-run memory cgroup, created as a child of the node's own memory cgroup (so the node's own
 * accounting still covers it) when the machine lets the node write there. Supports cgroup v2 and
 * the v1 memory controller. A run's helper joins it by writing its own pid before it execs bwrap,
 * so nothing forks outside the group.
 */
final class MemoryCgroup {

  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final Path parent;
  private final boolean v2;

  /**
   * Emptied groups kept for the next run: creating and removing a memory cgroup costs ~5 ms here, a
   * fair share of the whole sandbox overhead. Removed when the JVM exits.
   */
  private final ConcurrentLinkedQueue<Run> idle = new ConcurrentLinkedQueue<>();

  /** Groups handed out (a run, or a helper started ahead and waiting): emptied at JVM exit. */
  private final Set<Path> inUse = ConcurrentHashMap.newKeySet();

  private MemoryCgroup(Path parent, boolean v2) {
    this.parent = parent;
    this.v2 = v2;
    Runtime.getRuntime().addShutdownHook(new Thread(this::removeIdle, "agentry-cgroup-cleanup"));
  }

  /** A group with {@code limitBytes}, reused when one is idle. */
  Run acquire(long limitBytes) throws IOException {
    Run run;
    while ((run = idle.poll()) != null) {
      if (run.limitBytes() == limitBytes && Files.isDirectory(run.dir())) {
        return inUse(run.withBaseline());
      }
      run.close();
    }
    return inUse(create(limitBytes).withBaseline());
  }

  private Run inUse(Run run) {
    inUse.add(run.dir());
    return run;
  }

  /** Kills what is left of a run and keeps its group for the next one, or removes it. */
  void release(Run run) throws IOException {
    inUse.remove(run.dir());
    if (run.emptied()) {
      idle.offer(run);
    } else {
      run.close();
    }
  }

  private void removeIdle() {
    for (Path dir : inUse) {
      idle.offer(new Run(dir, v2, 0, 0));
    }
    Run run;
    while ((run = idle.poll()) != null) {
      try {
        run.close();
      } catch (IOException e) {
        // The JVM is exiting; an empty leftover group is harmless.
      }
    }
  }

  /** Probes by creating and removing a child group; empty with the reason when it cannot. */
  static Probe probe() {
    try {
      Optional<MemoryCgroup> found = locate();
      if (found.isEmpty()) {
        return new Probe(null, "no memory cgroup controller visible to the node");
      }
      MemoryCgroup cgroup = found.get();
      Run run = cgroup.create(64L * 1024 * 1024);
      run.close();
      return new Probe(cgroup, null);
    } catch (IOException | RuntimeException e) {
      return new Probe(null, "memory cgroup not writable here (" + e.getMessage() + ")");
    }
  }

  record Probe(MemoryCgroup cgroup, String reason) {}

  String describe() {
    return (v2 ? "cgroup v2 " : "cgroup v1 ") + parent;
  }

  Run create(long limitBytes) throws IOException {
    Path dir = parent.resolve("agentry-sbx-" + UUID.randomUUID());
    Files.createDirectory(dir);
    try {
      if (v2) {
        Files.writeString(dir.resolve("memory.max"), Long.toString(limitBytes));
        writeIfPresent(dir.resolve("memory.swap.max"), "0");
      } else {
        Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
        writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(limitBytes));
      }
    } catch (IOException e) {
      Files.deleteIfExists(dir);
      throw e;
    }
    return new Run(dir, v2, limitBytes, 0);
  }

  private static void writeIfPresent(Path file, String value) {
    try {
      if (Files.exists(file)) {
        Files.writeString(file, value);
      }
    } catch (IOException e) {
      // Swap accounting is optional (often disabled at boot); the memory limit still holds.
    }
  }

  private static Optional<MemoryCgroup> locate() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
    for (String line : lines) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
        return Optional.of(new MemoryCgroup(ROOT.resolve("memory" + parts[2]), false));
      }
    }
    Path controllers = ROOT.resolve("cgroup.controllers");
    for (String line : lines) {
      if (line.startsWith("0::")
          && Files.exists(controllers)
          && List.of(Files.readString(controllers).trim().split(" ")).contains("memory")) {
        return Optional.of(new MemoryCgroup(ROOT.resolve(line.substring(4)), true));
      }
    }
    return Optional.empty();
  }

  /** The group of one run. {@link #close()} kills whatever is left in it and removes it. */
  record Run(Path dir, boolean v2, long limitBytes, long oomKillsBefore) implements AutoCloseable {

    Run withBaseline() {
      return new Run(dir, v2, limitBytes, oomKills());
    }

    /** Kills every process left and waits (briefly) until the group is empty. */
    boolean emptied() {
      for (int attempt = 0; attempt < 100; attempt++) {
        killAll();
        try {
          if (Files.readString(procs()).isBlank()) {
            return true;
          }
          Thread.sleep(2);
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return false;
    }

    Path procs() {
      return dir.resolve("cgroup.procs");
    }

    /** Whether the kernel's OOM killer struck inside the group during this run. */
    boolean oomKilled() {
      return oomKills() > oomKillsBefore;
    }

    private long oomKills() {
      try {
        Path events = dir.resolve(v2 ? "memory.events" : "memory.oom_control");
        for (String line : Files.readAllLines(events)) {
          if (line.startsWith("oom_kill ")) {
            return Long.parseLong(line.substring(9).trim());
          }
        }
      } catch (IOException | NumberFormatException e) {
        // Unknown counts as none.
      }
      return 0;
    }

    void killAll() {
      try {
        for (String pid : Files.readAllLines(procs())) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      } catch (IOException | NumberFormatException e) {
        // The group may already be gone.
      }
    }

    @Override
    public void close() throws IOException {
      for (int attempt = 0; attempt < 200; attempt++) {
        killAll();
        try {
          Files.deleteIfExists(dir);
          return;
        } catch (IOException busy) {
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      throw new IOException("cgroup " + dir + " still busy after killing its processes");
    }
  }
}
