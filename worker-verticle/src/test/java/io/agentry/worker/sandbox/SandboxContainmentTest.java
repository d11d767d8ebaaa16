package io.agentry.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile commands against the real bubblewrap sandbox: each is contained and reported, and the
 * host (its files, its network, the JVM) is unaffected.
 */
class SandboxContainmentTest {

  private static Vertx vertx;
  private static Sandbox sandbox;

  @TempDir Path temp;

  @BeforeAll
  static void openSandbox() {
    vertx = Vertx.vertx();
    sandbox = TestSandboxes.open(vertx, TestSandboxes.settings(5, 64, 256));
    assertThat(sandbox.status().available()).as(sandbox.status().reason()).isTrue();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private SandboxResult run(Path workspace, String script) {
    return sandbox.run(SandboxCommand.shell(workspace, script)).await();
  }

  @Test
  void exit_code_and_both_streams_are_reported() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r = run(ws, "echo out; echo err >&2; exit 3");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.signal()).isNull();
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void workspace_is_writable_and_nothing_else_on_the_host() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "host data");
    SandboxResult r =
        run(
            ws,
            "echo made > /workspace/made.txt; "
                + "for f in /usr/pwned /etc/pwned /pwned /dev/pwned /proc/pwned "
                + outside
                + "/pwned "
                + outside
                + "/keep.txt; do echo x > $f 2>/dev/null && echo WROTE $f; done; echo done");
    assertThat(r.stdout()).doesNotContain("WROTE").contains("done");
    assertThat(ws.resolve("made.txt")).hasContent("made");
    assertThat(Path.of("/usr/pwned")).doesNotExist();
    assertThat(Path.of("/etc/pwned")).doesNotExist();
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files.toList()).containsExactly(outside.resolve("keep.txt"));
    }
    assertThat(outside.resolve("keep.txt")).hasContent("host data");
  }

  @Test
  void host_home_and_host_tmp_are_not_visible() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    Path hostTmpFile = Files.createTempFile("agentry-host-secret", ".txt");
    try {
      Files.writeString(hostTmpFile, "host tmp secret");
      SandboxResult r =
          run(
              ws,
              "cat "
                  + hostTmpFile
                  + " 2>&1; ls /root /home 2>&1; cat /etc/shadow 2>&1; echo TMP:; ls -A /tmp; echo end");
      assertThat(r.stdout()).doesNotContain("host tmp secret");
      assertThat(r.stdout()).contains("No such file", "Permission denied").endsWith("end\n");
      assertThat(r.stdout()).contains("TMP:\nend\n");
    } finally {
      Files.delete(hostTmpFile);
    }
  }

  @Test
  void private_tmp_is_size_capped() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r = run(ws, "head -c 64M /dev/zero > /tmp/big; echo status=$?");
    assertThat(r.stdout()).contains("status=1");
    assertThat(r.stderr()).contains("No space left");
  }

  @Test
  void shared_memory_is_size_capped_too() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r = run(ws, "head -c 64M /dev/zero > /dev/shm/big; echo status=$?");
    assertThat(r.stdout()).contains("status=1");
    assertThat(r.stderr()).contains("No space left");
  }

  @Test
  void no_network_not_even_the_hosts_loopback() throws Exception {
    Path ws = TestSandboxes.workspace(temp, "ws");
    try (ServerSocket hostPort =
        new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      hostPort.setSoTimeout(300);
      String probe =
          "import socket,errno\n"
              + "for host,port in [('127.0.0.1',%d),('1.1.1.1',53),('169.254.169.254',80)]:\n"
              + "    s=socket.socket(); s.settimeout(2)\n"
              + "    try:\n"
              + "        s.connect((host,port)); print(host,'CONNECTED')\n"
              + "    except OSError as e:\n"
              + "        print(host, errno.errorcode.get(e.errno, e))\n";
      Files.writeString(ws.resolve("probe.py"), probe.formatted(hostPort.getLocalPort()));
      SandboxResult r = sandbox.run(SandboxCommand.of(ws, "/usr/bin/python3", "probe.py")).await();
      assertThat(r.stdout())
          .doesNotContain("CONNECTED")
          // Inside the new net namespace only an empty loopback exists; every other address has
          // no route, so the kernel refuses at once and no packet leaves.
          .contains("127.0.0.1 ECONNREFUSED", "1.1.1.1 ENETUNREACH", "169.254.169.254 ENETUNREACH");
      assertThatThrownBy(hostPort::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void secrets_in_the_node_environment_never_enter() throws IOException {
    assertThat(System.getenv("AGENTRY_FAKE_API_KEY")).as("set by surefire").isNotBlank();
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r = run(ws, "env");
    assertThat(r.stdout())
        .doesNotContain("AGENTRY_FAKE_API_KEY", System.getenv("AGENTRY_FAKE_API_KEY"));
    assertThat(r.stdout().lines().map(l -> l.split("=")[0]).toList())
        .containsExactlyInAnyOrder("PATH", "HOME", "LANG", "TMPDIR", "PWD");
  }

  @Test
  void fork_bomb_is_contained_and_leaves_no_process_behind() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    long start = System.nanoTime();
    SandboxResult r = run(ws, "bomb() { bomb | bomb & }; bomb; sleep 30");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(r.stderr() + r.stdout()).containsAnyOf("fork", "Resource temporarily unavailable");
    vertx.timer(10).await();
    assertNoSandboxProcessLeft();
  }

  @Test
  void endless_loop_is_killed_at_the_wall_clock_limit() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r =
        sandbox
            .run(SandboxCommand.shell(ws, "while :; do :; done").withTimeout(Duration.ofSeconds(1)))
            .await();
    assertThat(r.timedOut()).isTrue();
    assertThat(r.signal()).isEqualTo("KILL");
    assertThat(r.elapsedMs()).isBetween(900L, 4000L);
    assertNoSandboxProcessLeft();
  }

  @Test
  void a_gigabyte_of_output_is_capped_with_a_marker() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    // The shared sandbox's 5 s limit would cut a gigabyte short on a busy machine.
    Sandbox roomy = TestSandboxes.open(vertx, TestSandboxes.settings(60, 64, 256));
    SandboxResult r =
        roomy
            .run(
                SandboxCommand.shell(
                        ws, "head -c 1073741824 /dev/zero | tr '\\0' 'a'; echo done >&2")
                    .withTimeout(Duration.ofSeconds(60)))
            .await();
    assertThat(r.outputTruncated()).isTrue();
    assertThat(r.stdout()).contains("[output truncated: 1048576 of 1073741824 bytes kept]");
    assertThat(r.stdout().length()).isLessThan(1_100_000);
    assertThat(r.stderr()).isEqualTo("done\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void memory_is_capped_by_a_cgroup_where_the_machine_allows_one() throws IOException {
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r =
        sandbox
            .run(
                SandboxCommand.of(ws, "/usr/bin/python3", "-c", "b = bytearray(600 * 1024 * 1024)"))
            .await();
    if (sandbox.status().memoryLimit().startsWith("not enforced")) {
      assertThat(r.memoryLimit()).startsWith("not enforced");
      return;
    }
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.signal()).isEqualTo("KILL");
    assertThat(r.memoryLimit()).contains("256 MiB cgroup", "limit hit");
  }

  /** The kernel tears a killed pid namespace down asynchronously: allow it a moment. */
  static void assertNoSandboxProcessLeft() {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    List<ProcessHandle> left = sandboxUserProcesses();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      left = sandboxUserProcesses();
    }
    assertThat(left).isEmpty();
  }

  static List<ProcessHandle> sandboxUserProcesses() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.isAlive() && p.info().user().map("nobody"::equals).orElse(false))
        .toList();
  }

  @Test
  void without_bubblewrap_nothing_runs() throws IOException {
    Sandbox broken =
        TestSandboxes.open(
            vertx,
            TestSandboxes.withBwrap(TestSandboxes.settings(5, 64, 256), "/nonexistent/bwrap"));
    assertThat(broken.status().available()).isFalse();
    assertThat(broken.status().reason()).contains("/nonexistent/bwrap is missing");
    Path ws = TestSandboxes.workspace(temp, "ws");
    assertThatThrownBy(() -> broken.run(SandboxCommand.shell(ws, "touch ran")).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageContaining("nothing was run");
    assertThat(ws.resolve("ran")).doesNotExist();
  }
}
