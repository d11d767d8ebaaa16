package io.agentry.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.config.AgentryConfig.SandboxSettings;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy comes from the node's configuration only, and its limits hold. */
class SandboxPolicyTest {

  private Vertx vertx;

  @TempDir Path temp;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void policy_files_in_the_workspace_change_nothing() throws IOException {
    Sandbox sandbox = TestSandboxes.open(vertx, TestSandboxes.settings(5, 64, 256));
    Path ws = TestSandboxes.workspace(temp, "ws");
    Files.writeString(
        ws.resolve(".agentry.json"),
        "{\"sandbox\":{\"network\":true,\"timeoutSeconds\":3600,\"tmpSizeMb\":4096}}");
    Files.writeString(ws.resolve(".bwrap"), "--share-net\n--bind / /\n");
    Files.writeString(ws.resolve(".env"), "AGENTRY_SANDBOX_TIMEOUT_SECONDS=3600\n");
    SandboxResult r =
        sandbox
            .run(
                SandboxCommand.shell(
                    ws,
                    "ls /work /root 2>&1; (echo x > /usr/x) 2>&1; (echo x > /x) 2>&1; df -m /tmp | tail -1;"
                        + " cat /proc/net/dev | grep -c ':'"))
            .await();
    assertThat(r.stdout()).contains("No such file or directory").contains("Read-only file system");
    // 16 MiB /tmp as configured, and only the loopback interface.
    assertThat(r.stdout().lines().filter(l -> l.startsWith("tmpfs")).findFirst().orElseThrow())
        .contains(" 16 ");
    assertThat(r.stdout().strip()).endsWith("1");
    SandboxResult slow =
        sandbox
            .run(SandboxCommand.shell(ws, "sleep 60").withTimeout(Duration.ofSeconds(60)))
            .await();
    assertThat(slow.timedOut()).as("the configured 5 s limit, not the workspace's").isTrue();
    assertThat(slow.elapsedMs()).isLessThan(8000);
  }

  @Test
  void cpu_time_limit_ends_a_busy_process_with_sigxcpu() throws IOException {
    Sandbox sandbox =
        TestSandboxes.open(
            vertx, TestSandboxes.withCpuSeconds(TestSandboxes.settings(20, 64, 256), 1));
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r =
        sandbox.run(SandboxCommand.of(ws, "/bin/sh", "-c", "while :; do :; done")).await();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.signal()).isIn("XCPU", "KILL");
    assertThat(r.elapsedMs()).isLessThan(10_000);
  }

  @Test
  void runs_as_an_unprivileged_user_without_capabilities() throws IOException {
    Sandbox sandbox = TestSandboxes.open(vertx, TestSandboxes.settings(5, 64, 256));
    Path ws = TestSandboxes.workspace(temp, "ws");
    SandboxResult r =
        sandbox
            .run(
                SandboxCommand.shell(
                    ws, "id -u; id -g; id -G; grep -E '^(Cap|NoNewPrivs)' /proc/self/status"))
            .await();
    assertThat(r.stdout().lines().toList())
        .containsExactly(
            "65534",
            "65534",
            "65534",
            "CapInh:\t0000000000000000",
            "CapPrm:\t0000000000000000",
            "CapEff:\t0000000000000000",
            "CapBnd:\t0000000000000000",
            "CapAmb:\t0000000000000000",
            "NoNewPrivs:\t1");
    assertThat(sandbox.status().runAs()).isEqualTo("uid 65534");
  }

  @Test
  void every_configured_limit_holds_inside_soft_and_hard() throws IOException {
    SandboxSettings settings = TestSandboxes.settings(5, 64, 256);
    Sandbox sandbox = TestSandboxes.open(vertx, settings);
    Path ws = TestSandboxes.workspace(temp, "ws");
    // dash's ulimit: -t CPU seconds, -f file size in 512-byte blocks, -n open files, -p processes.
    SandboxResult r =
        sandbox
            .run(
                SandboxCommand.shell(
                    ws, "for o in t f n p c; do echo $o $(ulimit -S -$o) $(ulimit -H -$o); done"))
            .await();
    long blocks = settings.fileSizeMb() * 1024L * 1024 / 512;
    assertThat(r.stdout().lines().toList())
        .containsExactly(
            "t " + settings.cpuSeconds() + " " + settings.cpuSeconds(),
            "f " + blocks + " " + blocks,
            "n " + settings.openFiles() + " " + settings.openFiles(),
            "p 64 64",
            "c 0 0");
  }

  @Test
  void a_helper_directory_others_could_write_to_is_refused() throws IOException {
    Path dataDir = Files.createDirectories(temp.resolve("data"));
    Path helperDir = Files.createDirectories(dataDir.resolve("sandbox"));
    Files.setPosixFilePermissions(helperDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    // Owned by the sandbox user: anyone who can run as that uid could swap the helper.
    Files.setAttribute(helperDir, "unix:uid", 65534);
    Sandbox sandbox = Sandbox.open(vertx, TestSandboxes.settings(5, 64, 256), dataDir).await();
    assertThat(sandbox.status().available()).isFalse();
    assertThat(sandbox.status().reason())
        .contains("cannot build the sandbox helper", "writable by nobody else");
    Path ws = TestSandboxes.workspace(temp, "ws");
    assertThatThrownBy(() -> sandbox.run(SandboxCommand.shell(ws, "touch ran")).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(ws.resolve("ran")).doesNotExist();
  }
}
