package io.agentry.api.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API against clients nobody here wrote: graphql-http's server audit (zero MUST failures) and
 * the graphql-ws client, run with the system {@code node} from {@code src/test/js} (installed by
 * {@code infra/services.sh up}: {@code npm ci}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalClientsTest {

  private static final Path JS = Path.of("src", "test", "js");

  private ApiTestNode api;
  private String admin;

  @BeforeAll
  void start() {
    assertThat(JS.resolve("node_modules").resolve("graphql-ws"))
        .as("npm packages missing: run infra/services.sh up (or npm ci in " + JS + ")")
        .isDirectory();
    // The audit sends a few dozen requests in a burst.
    api = ApiTestNode.start(Map.of("AGENTRY_HTTP_RATE_LIMIT_BURST", "1000"));
    admin = api.key(api.newTenant(), Role.ADMIN);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void graphql_http_server_audit_has_no_must_failures() throws Exception {
    Result run = node("audit.mjs", Map.of("AGENTRY_URL", api.url(), "AGENTRY_KEY", admin));
    System.out.println(run.output()); // SHOULD/MAY results stay visible in the build log
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("MUST failures: 0");
  }

  @Test
  void graphql_ws_client_receives_the_ledger_in_order_and_a_bad_key_gets_4403() throws Exception {
    String projectId =
        api.data(admin, "mutation { createProject(input: {name: \"ws\"}) { id } }", null)
            .getJsonObject("createProject")
            .getString("id");
    LedgerStore ledger = LedgerStore.create(api.node.pg());
    for (int i = 0; i < 4; i++) {
      ledger
          .append(UUID.fromString(projectId), Source.SYSTEM, null, "Tick", new JsonObject())
          .await();
    }
    // 5 stored events; 5 more appended while the client runs must follow them.
    Thread appender =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(1500);
                  } catch (InterruptedException e) {
                    return;
                  }
                  for (int i = 0; i < 5; i++) {
                    ledger
                        .append(
                            UUID.fromString(projectId),
                            Source.AGENT,
                            null,
                            "Live",
                            new JsonObject())
                        .await();
                  }
                });
    Result run =
        node(
            "subscriptions.mjs",
            Map.of(
                "AGENTRY_WS_URL",
                api.url().replace("http://", "ws://"),
                "AGENTRY_KEY",
                admin,
                "AGENTRY_PROJECT",
                projectId,
                "AGENTRY_EXPECT",
                "10"));
    appender.join();
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("\"seq\":10", "\"type\":\"Live\"", "{\"badKeyClose\":4403}");
  }

  private record Result(int exit, String output) {}

  private static Result node(String script, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("agentry-node-client", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of("node", script))
            .directory(JS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(process.isAlive() ? -1 : process.exitValue(), output);
  }
}
