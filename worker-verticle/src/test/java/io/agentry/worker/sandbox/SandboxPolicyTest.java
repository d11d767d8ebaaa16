package io.agentry.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        sandbox.run(SandboxCommand.shell(ws, "id -u; grep CapEff /proc/self/status")).await();
    assertThat(r.stdout()).startsWith("65534\n").contains("0000000000000000");
    assertThat(sandbox.status().runAs()).isEqualTo("uid 65534");
  }
}
