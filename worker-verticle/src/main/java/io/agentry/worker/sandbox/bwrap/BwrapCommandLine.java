package io.agentry.worker.sandbox.bwrap;

import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.worker.sandbox.SandboxCommand;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the host command line of one sandboxed run: {@code prlimit} (limits survive every exec
 * below it), {@code setpriv} to an unprivileged uid when the node is root (the process limit does
 * not bind root), then {@code bwrap} with every namespace unshared and only the workspace and a
 * size-capped private /tmp writable. Each wrapper execs the next, so the started process is bwrap.
 */
final class BwrapCommandLine {

  private static final long MIB = 1024L * 1024;
  private static final List<String> SYSTEM_DIRS = List.of("/usr", "/etc");
  private static final List<String> TOP_LEVEL_LINKS = List.of("/bin", "/sbin", "/lib", "/lib64");

  private final SandboxSettings settings;
  private final HostUser user;

  BwrapCommandLine(SandboxSettings settings, HostUser user) {
    this.settings = settings;
    this.user = user;
  }

  List<String> build(SandboxCommand command, Path workspace) {
    List<String> args = new ArrayList<>(limits());
    if (user.isRoot()) {
      args.addAll(
          List.of(
              "/usr/bin/setpriv",
              "--reuid=" + settings.uid(),
              "--regid=" + settings.gid(),
              "--clear-groups",
              "--inh-caps=-all",
              "--bounding-set=-all",
              "--"));
    }
    args.addAll(bwrap(command, workspace));
    return args;
  }

  private List<String> limits() {
    return List.of(
        "/usr/bin/prlimit",
        "--cpu=" + settings.cpuSeconds(),
        "--fsize=" + settings.fileSizeMb() * MIB,
        "--nofile=" + settings.openFiles(),
        "--nproc=" + settings.processes(),
        "--core=0",
        "--");
  }

  private List<String> bwrap(SandboxCommand command, Path workspace) {
    List<String> a = new ArrayList<>();
    a.add(settings.bwrapPath());
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
    for (String link : TOP_LEVEL_LINKS) {
      topLevel(a, Path.of(link));
    }
    a.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    a.addAll(List.of("--size", Long.toString(settings.tmpSizeMb() * MIB), "--tmpfs", "/tmp"));
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

  /** Debian merges /bin, /lib... into /usr as symlinks; older layouts get read-only binds. */
  private static void topLevel(List<String> a, Path path) {
    try {
      if (Files.isSymbolicLink(path)) {
        a.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), path.toString()));
      } else if (Files.isDirectory(path)) {
        a.addAll(List.of("--ro-bind", path.toString(), path.toString()));
      }
    } catch (java.io.IOException e) {
      // An unreadable top-level entry is simply absent in the sandbox.
    }
  }

  private static void env(List<String> a, String name, String value) {
    a.addAll(List.of("--setenv", name, value));
  }
}
