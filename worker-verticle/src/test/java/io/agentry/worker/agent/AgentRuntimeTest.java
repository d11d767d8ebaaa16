package io.agentry.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.cluster.ClusterView;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.PgTestFixture;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ChatRequest;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.testing.ErrorAssertions;
import io.agentry.core.testing.TestConfig;
import io.agentry.worker.WorkerVerticle;
import io.agentry.worker.handlers.HandlerRegistry;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The worker builds its agent runtime at start, with every tool, even when no model is up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentRuntimeTest {

  private PgTestFixture db;
  private WorkerVerticle worker;

  @BeforeAll
  void start() {
    db = PgTestFixture.start();
    var config =
        TestConfig.load(
            Map.of(
                // Nothing listens on port 1: the provider is down.
                "AGENTRY_MODELS_PROVIDERS", "local=http://127.0.0.1:1/v1",
                "AGENTRY_MODELS_API_KEY_ENV", "",
                "AGENTRY_MODELS_ROUTES", "*:1-10=local/some-model",
                "AGENTRY_MODELS_MAX_ATTEMPTS", "1",
                "AGENTRY_NODE_DATA_DIR", AgentRig.DATA_DIR.toString(),
                "AGENTRY_WORKER_POOLS", "runtime-test=1"));
    NodeIdentity identity =
        new NodeIdentity(
            "runtime-test-" + UUID.randomUUID(),
            EnumSet.of(NodeRole.WORKER),
            "localhost",
            null,
            Instant.now());
    NodeServices node =
        NodeServicesFactory.create(
            db.vertx(),
            config,
            identity,
            ClusterView.standalone(identity.id()),
            NodeMetrics.createRegistry());
    worker = new WorkerVerticle(node, new HandlerRegistry(), Map.of());
    db.vertx().deployVerticle(worker).await();
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void a_worker_starts_with_its_agent_runtime_while_no_model_provider_answers() {
    AgentRuntime runtime = worker.agentRuntime();

    assertThat(runtime).isNotNull();
    assertThat(runtime.toolNames())
        .containsExactlyInAnyOrder(
            "read_file",
            "write_file",
            "edit_file",
            "list_files",
            "run_command",
            "create_venv",
            "run_tests",
            "git_status",
            "git_diff",
            "git_commit",
            "git_branch",
            "git_checkpoint",
            "git_rollback",
            "git_clone",
            "git_push",
            "web_search",
            "send_email",
            "render_pdf");
    assertThat(runtime.loop()).isNotNull();
    assertThat(runtime.workspaces()).isNotNull();
    // The provider is contacted only when a call is made, and then it is reported as down.
    ErrorAssertions.assertFailsWith(
        ErrorCode.MODEL_UNAVAILABLE,
        () ->
            runtime
                .models()
                .chat(
                    ChatRequest.builder()
                        .message(ChatMessage.user("hello"))
                        .context(CallContext.none())
                        .build())
                .await());
  }
}
