/*
 * agentry-sandbox-exec: the one host-side step between the node and bubblewrap.
 *
 *   agentry-sandbox-exec [--cgroup PROCS_FILE] [--rlimit NAME=VALUE]... [--user UID:GID]
 *                        -- PROGRAM [ARG]...
 *
 * It closes every inherited file descriptor but 0-2, joins the memory cgroup (writes its own
 * pid to PROCS_FILE) and sets each limit as both soft and hard limit (cpu, fsize, nofile, nproc,
 * core). Then it waits for the rest of the command on stdin: further arguments, each ended by a
 * NUL byte, up to end of file; stdin then becomes /dev/null. With --user it gives up root for
 * good: every capability leaves the bounding, ambient and inheritable sets, supplementary groups
 * are cleared and the real, effective and saved ids become UID:GID. Last it sets no_new_privs
 * and execs PROGRAM (bwrap) with an empty environment. bwrap and every process inside the
 * sandbox inherit all of it.
 *
 * Why the command comes on stdin: joining a cgroup waits for an RCU grace period in the kernel
 * (5-10 ms here), so the node starts the helper before it knows the command and hands the
 * command over when it comes. One small exec also replaces the former chain of sh (cgroup),
 * prlimit and setpriv.
 *
 * It fails closed: any step that does not succeed exactly ends it with exit code 125 and one
 * line "agentry-sandbox-exec: ..." on stderr, before anything runs; so does an end of input
 * without a complete command (the node went away). The node compiles it from this source with
 * the system C compiler (SandboxExecHelper.java).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FAILED 125
#define MAX_INPUT (4 << 20)
#define MAX_ARGS 4096

__attribute__((noreturn)) static void fail(const char *what, const char *detail) {
  if (detail != NULL) {
    fprintf(stderr, "agentry-sandbox-exec: %s: %s\n", what, detail);
  } else {
    fprintf(stderr, "agentry-sandbox-exec: %s\n", what);
  }
  _exit(FAILED);
}

__attribute__((noreturn)) static void fail_errno(const char *what) { fail(what, strerror(errno)); }

static unsigned long long number(const char *text, const char *what) {
  char *end = NULL;
  errno = 0;
  if (text[0] < '0' || text[0] > '9') fail("not a number", what);
  unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0') fail("not a number", what);
  return value;
}

static void join_cgroup(const char *procs) {
  int fd = open(procs, O_WRONLY | O_CLOEXEC);
  if (fd < 0) fail_errno("cannot open the cgroup's procs file");
  char pid[32];
  int n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  if (write(fd, pid, (size_t)n) != n) fail_errno("cannot join the cgroup");
  if (close(fd) != 0) fail_errno("cannot join the cgroup");
}

static void set_limit(const char *spec) {
  static const struct {
    const char *name;
    int resource;
  } names[] = {{"cpu", RLIMIT_CPU},       {"fsize", RLIMIT_FSIZE}, {"nofile", RLIMIT_NOFILE},
               {"nproc", RLIMIT_NPROC},   {"core", RLIMIT_CORE}};
  const char *eq = strchr(spec, '=');
  if (eq == NULL) fail("a limit must be NAME=VALUE", spec);
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strlen(names[i].name) == (size_t)(eq - spec) &&
        strncmp(names[i].name, spec, (size_t)(eq - spec)) == 0) {
      rlim_t value = (rlim_t)number(eq + 1, spec);
      struct rlimit limit = {value, value};
      if (setrlimit(names[i].resource, &limit) != 0) fail_errno(spec);
      struct rlimit check;
      if (getrlimit(names[i].resource, &check) != 0 || check.rlim_cur != value ||
          check.rlim_max != value) {
        fail("limit did not hold", spec);
      }
      return;
    }
  }
  fail("unknown limit", spec);
}

static int capset_all(struct __user_cap_data_struct data[2]) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  return (int)syscall(SYS_capset, &header, data);
}

static void drop_to(const char *spec) {
  const char *colon = strchr(spec, ':');
  if (colon == NULL) fail("--user must be UID:GID", spec);
  char uid_text[24];
  size_t len = (size_t)(colon - spec);
  if (len == 0 || len >= sizeof uid_text) fail("--user must be UID:GID", spec);
  memcpy(uid_text, spec, len);
  uid_text[len] = '\0';
  uid_t uid = (uid_t)number(uid_text, spec);
  gid_t gid = (gid_t)number(colon + 1, spec);
  if (uid == 0 || gid == 0) fail("refusing to run sandboxed commands as root", spec);

  // The bounding set first (it needs CAP_SETPCAP, which goes with root below).
  for (int cap = 0; cap <= 63; cap++) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
      if (errno == EINVAL) break;  // past the last capability this kernel knows
      fail_errno("cannot drop a capability from the bounding set");
    }
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    fail_errno("cannot clear the ambient capabilities");
  }
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) fail_errno("cannot clear keep-caps");
  if (setgroups(0, NULL) != 0) fail_errno("cannot clear the supplementary groups");
  if (setresgid(gid, gid, gid) != 0) fail_errno("cannot change the group id");
  if (setresuid(uid, uid, uid) != 0) fail_errno("cannot change the user id");
  struct __user_cap_data_struct none[2];
  memset(none, 0, sizeof none);
  if (capset_all(none) != 0) fail_errno("cannot clear the capability sets");

  uid_t ruid, euid, suid;
  gid_t rgid, egid, sgid;
  if (getresuid(&ruid, &euid, &suid) != 0 || ruid != uid || euid != uid || suid != uid ||
      getresgid(&rgid, &egid, &sgid) != 0 || rgid != gid || egid != gid || sgid != gid ||
      getgroups(0, NULL) != 0) {
    fail("the user change did not hold", spec);
  }
  if (setuid(0) == 0 || setgid(0) == 0) fail("root could be regained", spec);
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct caps[2];
  if (syscall(SYS_capget, &header, caps) != 0) fail_errno("cannot read the capability sets");
  for (int i = 0; i < 2; i++) {
    if (caps[i].effective != 0 || caps[i].permitted != 0 || caps[i].inheritable != 0) {
      fail("capabilities are left", spec);
    }
  }
}

/* Nothing but stdin, stdout and stderr may reach bwrap, which passes every open fd inside. */
static void close_other_fds(void) {
  if (close_range(3, ~0U, 0) == 0) return;
  if (errno != ENOSYS) fail_errno("cannot close inherited file descriptors");
  long max = sysconf(_SC_OPEN_MAX);
  for (long fd = 3; fd < (max > 0 ? max : 65536); fd++) close((int)fd);
}

/* Reads NUL-terminated arguments from stdin until end of file into args[from..]. */
static int read_command(char **args, int from) {
  static char input[MAX_INPUT];
  size_t used = 0;
  for (;;) {
    ssize_t n = read(0, input + used, sizeof input - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno("cannot read the command");
    }
    if (n == 0) break;
    used += (size_t)n;
    if (used == sizeof input) fail("the command is too long", NULL);
  }
  if (used == 0) fail("no command came (the node went away)", NULL);
  if (input[used - 1] != '\0') fail("the command is not NUL-terminated", NULL);
  int count = from;
  for (size_t at = 0; at < used; at += strlen(input + at) + 1) {
    if (count >= MAX_ARGS) fail("the command has too many arguments", NULL);
    args[count++] = input + at;
  }
  args[count] = NULL;
  int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null <= 0 || dup2(null, 0) != 0 || close(null) != 0) fail_errno("cannot reopen stdin");
  return count;
}

int main(int argc, char **argv) {
  const char *cgroup = NULL;
  const char *user = NULL;
  const char *limits[8];
  int limit_count = 0;
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    if (i + 1 >= argc) fail("option without a value", argv[i]);
    if (strcmp(argv[i], "--cgroup") == 0) {
      cgroup = argv[++i];
    } else if (strcmp(argv[i], "--rlimit") == 0) {
      if (limit_count == (int)(sizeof limits / sizeof limits[0])) fail("too many limits", NULL);
      limits[limit_count++] = argv[++i];
    } else if (strcmp(argv[i], "--user") == 0) {
      user = argv[++i];
    } else {
      fail("unknown option", argv[i]);
    }
  }
  if (i >= argc) fail("no program to run", NULL);
  if (argv[i][0] != '/') fail("the program must be an absolute path", argv[i]);
  if (argc - i >= MAX_ARGS) fail("too many arguments", NULL);

  close_other_fds();
  if (cgroup != NULL) join_cgroup(cgroup);
  for (int l = 0; l < limit_count; l++) set_limit(limits[l]);

  static char *command[MAX_ARGS + 1];
  int fixed = 0;
  for (; i < argc; i++) command[fixed++] = argv[i];
  read_command(command, fixed);

  if (user != NULL) {
    drop_to(user);
  } else if (getuid() == 0 || geteuid() == 0) {
    fail("running as root needs --user", NULL);
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail_errno("cannot set no_new_privs");

  char *empty[] = {NULL};
  execve(command[0], command, empty);
  fail_errno(command[0]);
}
