package io.agentry.worker.sandbox.bwrap;

import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.worker.sandbox.SandboxCommand;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the host command line of one sandboxed run, in two parts. The helper part is fixed per
 * sandbox: {@code agentry-sandbox-exec} with the limits (they survive every exec below it) and,
 * when the node is root, the unprivileged uid to drop to (the process limit does not bind root),
 * then {@code -- bwrap}. The bwrap part is per command and reaches the helper on its stdin: every
 * namespace unshared and only the workspace, a size-capped private /tmp and an equally capped
 * /dev/shm writable.
 */
final class BwrapCommandLine {

  private static final long MIB = 1024L * 1024;
  private static final List<String> SYSTEM_DIRS = List.of("/usr", "/etc");
  private static final List<String> TOP_LEVEL_LINKS = List.of("/bin", "/sbin", "/lib", "/lib64");

  private final SandboxSettings settings;
  private final HostUser user;
  private final List<String> topLevel;

  BwrapCommandLine(SandboxSettings settings, HostUser user) {
    this.settings = settings;
    this.user = user;
    this.topLevel = topLevel();
  }

  /** The helper with the limits and the user, ending with {@code -- <bwrap>}. */
  List<String> helper(Path helper) {
    List<String> args = new ArrayList<>();
    args.add(helper.toString());
    limit(args, "cpu", settings.cpuSeconds());
    limit(args, "fsize", settings.fileSizeMb() * MIB);
    limit(args, "nofile", settings.openFiles());
    limit(args, "nproc", settings.processes());
    limit(args, "core", 0);
    if (user.isRoot()) {
      args.addAll(List.of("--user", settings.uid() + ":" + settings.gid()));
    }
    args.addAll(List.of("--", settings.bwrapPath()));
    return args;
  }

  private static void limit(List<String> args, String name, long value) {
    args.addAll(List.of("--rlimit", name + "=" + value));
  }

  /** bwrap's arguments for one command (the program itself is the helper's last argument). */
  List<String> bwrapArguments(SandboxCommand command, Path workspace) {
    List<String> a = new ArrayList<>(64);
    a.addAll(
        List.of(
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--clearenv"));
    int uid = user.isRoot() ? settings.uid() : user.uid();
    int gid = user.isRoot() ? settings.gid() : user.gid();
    a.addAll(List.of("--uid", Integer.toString(uid), "--gid", Integer.toString(gid)));
    env(a, "PATH", settings.path());
    env(a, "HOME", SandboxCommand.WORKSPACE_MOUNT);
    env(a, "LANG", "C.UTF-8");
    env(a, "TMPDIR", "/tmp");
    for (String dir : SYSTEM_DIRS) {
      a.addAll(List.of("--ro-bind", dir, dir));
    }
    a.addAll(topLevel);
    String tmpBytes = Long.toString(settings.tmpSizeMb() * MIB);
    a.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    // bwrap's /dev is a writable tmpfs as large as half the RAM: only a capped /dev/shm (POSIX
    // shared memory, semaphores) stays writable in it.
    a.addAll(List.of("--size", tmpBytes, "--tmpfs", "/dev/shm", "--remount-ro", "/dev"));
    a.addAll(List.of("--size", tmpBytes, "--tmpfs", "/tmp"));
    a.addAll(List.of("--bind", workspace.toString(), SandboxCommand.WORKSPACE_MOUNT));
    // The repository's history stays out of reach: JGit on the host must never read hooks,
    // config or objects the sandboxed code wrote.
    Path git = workspace.resolve(".git");
    if (Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
      a.addAll(List.of("--ro-bind", git.toString(), SandboxCommand.WORKSPACE_MOUNT + "/.git"));
    }
    // Last, after every mount point was made: the sandbox's own root becomes read-only too.
    a.addAll(List.of("--remount-ro", "/"));
    a.addAll(List.of("--chdir", SandboxCommand.WORKSPACE_MOUNT + "/" + command.workdir()));
    a.add("--");
    a.addAll(command.argv());
    return a;
  }

  /**
   * Debian merges /bin, /lib... into /usr as symlinks; older layouts get read-only binds. Looked up
   * once per sandbox: the host's top level does not change under a running node.
   */
  private static List<String> topLevel() {
    List<String> a = new ArrayList<>();
    for (String link : TOP_LEVEL_LINKS) {
      Path path = Path.of(link);
      try {
        if (Files.isSymbolicLink(path)) {
          a.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), link));
        } else if (Files.isDirectory(path)) {
          a.addAll(List.of("--ro-bind", link, link));
        }
      } catch (java.io.IOException e) {
        // An unreadable top-level entry is simply absent in the sandbox.
      }
    }
    return List.copyOf(a);
  }

  private static void env(List<String> a, String name, String value) {
    a.addAll(List.of("--setenv", name, value));
  }
}
