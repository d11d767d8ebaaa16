package io.agentry.worker.agent;

import io.agentry.core.bus.Addresses;
import io.agentry.core.cluster.ClusterView;
import io.agentry.core.config.AgentryConfig;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.PgTestFixture;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.testing.ScriptedModelServer;
import io.agentry.core.testing.TestConfig;
import io.agentry.worker.tools.RiskLevel;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.tools.SimpleTool;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything an agent-loop test needs, real except the model: a scripted model server on loopback,
 * the test database and Redis, and the worker's own {@link AgentRuntime} built from a node
 * configuration whose one model provider is that server. Besides the node's tools it registers a
 * few test tools with visible effects ({@code append_line} appends to {@code log.txt} in the
 * workspace, {@code echo}, {@code fail_always}, {@code big_output}).
 */
final class AgentRig implements AutoCloseable {

  static final String MODEL = "scripted/test-model";
  static final String AGENT = "loop-tester";
  static final Path DATA_DIR = Path.of("target", "agentry-test-data").toAbsolutePath();

  final PgTestFixture db;
  final Vertx vertx;
  final ScriptedModelServer server;
  final AgentryConfig config;
  final NodeServices node;
  final AgentRuntime runtime;
  final List<JsonObject> activity = new CopyOnWriteArrayList<>();

  /**
   * When set to a line, {@code append_line} for that line never answers (a node dying mid-call).
   */
  final AtomicReference<String> hangOn = new AtomicReference<>();

  private AgentRig(Map<String, String> overrides) {
    db = PgTestFixture.start();
    vertx = db.vertx();
    server = ScriptedModelServer.start(vertx).await();
    Map<String, String> env = new HashMap<>();
    env.put("AGENTRY_MODELS_PROVIDERS", "scripted=" + server.baseUrl());
    env.put("AGENTRY_MODELS_API_KEY_ENV", "scripted=SCRIPTED_KEY");
    env.put("AGENTRY_MODELS_ROUTES", "*:1-10=" + MODEL);
    env.put("AGENTRY_MODELS_PRICES", MODEL + "=1.5:6");
    env.put("AGENTRY_MODELS_RETRY_BASE_MS", "50");
    env.put("AGENTRY_MODELS_MAX_ATTEMPTS", "2");
    env.put("AGENTRY_MODELS_TIMEOUT_MS", "10000");
    env.put("AGENTRY_NODE_DATA_DIR", DATA_DIR.toString());
    env.put("AGENTRY_TOOLS_APPROVAL_POLICY", "risky");
    env.putAll(overrides);
    config = TestConfig.load(env);
    NodeIdentity identity =
        new NodeIdentity(
            "agent-test-" + UUID.randomUUID(),
            EnumSet.of(NodeRole.WORKER),
            "localhost",
            null,
            Instant.now());
    node =
        NodeServicesFactory.create(
            vertx,
            config,
            identity,
            ClusterView.standalone(identity.id()),
            NodeMetrics.createRegistry());
    runtime = AgentRuntime.create(vertx, node, Map.of("SCRIPTED_KEY", "sk-test")).await();
    testTools().forEach(runtime.tools()::register);
    runtime
        .tools()
        .allow(
            AGENT,
            Set.of("append_line", "echo", "fail_always", "big_output", "read_file", "write_file"));
    vertx.eventBus().<JsonObject>consumer(Addresses.AGENT_ACTIVITY, m -> activity.add(m.body()));
  }

  static AgentRig start() {
    return start(Map.of());
  }

  static AgentRig start(Map<String, String> overrides) {
    return new AgentRig(overrides);
  }

  /** A fresh project, and a call context for a coder in it. */
  CallContext newCall() {
    UUID project = db.newProject(db.newTenant());
    return new CallContext(project, UUID.randomUUID(), null, UUID.randomUUID(), "coder", 3);
  }

  Workspace workspace() {
    return runtime.workspaces().open(AGENT, "t-" + UUID.randomUUID()).await();
  }

  AgentStep step(String key, CallContext call, Workspace workspace) {
    return step(key, call, workspace, List.of(), StepLimits.defaults(), null);
  }

  AgentStep step(
      String key,
      CallContext call,
      Workspace workspace,
      List<ToolDefinition> finishTools,
      StepLimits limits,
      JsonObject approval) {
    return new AgentStep(
        key,
        call,
        workspace,
        AGENT,
        List.of(
            ChatMessage.system("You are a careful test agent."),
            ChatMessage.user("Do the task step by step.")),
        finishTools,
        limits,
        approval);
  }

  StepOutcome run(AgentStep step) {
    return runtime.loop().run(step, null).await();
  }

  List<LedgerEvent> events(CallContext call, String key) {
    return runtime.ledger().forStep(call.projectId(), key).await();
  }

  List<String> types(CallContext call, String key) {
    return events(call, key).stream().map(LedgerEvent::type).toList();
  }

  static String readLog(Workspace workspace) throws IOException {
    Path log = workspace.root().resolve("log.txt");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** The messages of every request the model received, parsed back. */
  List<List<ChatMessage>> conversations() {
    return server.requests().stream()
        .map(
            body ->
                body.getJsonArray("messages").stream()
                    .map(m -> ChatMessage.fromJson((JsonObject) m))
                    .toList())
        .toList();
  }

  /** The usual token estimate of a request as the model received it. */
  static long estimate(JsonObject body) {
    ChatRequest.Builder request = ChatRequest.builder();
    body.getJsonArray("messages")
        .forEach(m -> request.message(ChatMessage.fromJson((JsonObject) m)));
    body.getJsonArray("tools", new JsonArray())
        .forEach(t -> request.tool(ToolDefinition.fromJson((JsonObject) t)));
    return io.agentry.core.llm.TokenEstimator.promptTokens(request.build());
  }

  private List<SimpleTool> testTools() {
    return List.of(
        new SimpleTool(
            "append_line",
            "Append a line to log.txt.",
            Schemas.object().string("line", "the line", true).build(),
            RiskLevel.SAFE,
            call -> {
              String line = call.arguments().getString("line");
              if (line.equals(hangOn.get())) {
                return Promise.<ToolResult>promise().future();
              }
              try {
                Files.writeString(
                    call.workspace().root().resolve("log.txt"),
                    line + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
              } catch (IOException e) {
                return Future.failedFuture(e);
              }
              return Future.succeededFuture(ToolResult.ok("appended " + line));
            }),
        new SimpleTool(
            "echo",
            "Say the text back.",
            Schemas.object().string("text", "the text", true).build(),
            RiskLevel.SAFE,
            call ->
                Future.succeededFuture(
                    ToolResult.ok("echo: " + call.arguments().getString("text")))),
        new SimpleTool(
            "fail_always",
            "Always fails the same way.",
            Schemas.object().string("attempt", "anything", false).build(),
            RiskLevel.SAFE,
            call ->
                Future.succeededFuture(
                    ToolResult.error("connection refused by 127.0.0.1:5999 after 12 ms"))),
        new SimpleTool(
            "big_output",
            "Returns a long text.",
            Schemas.object().integer("n", "which", true).build(),
            RiskLevel.SAFE,
            call ->
                Future.succeededFuture(
                    ToolResult.ok(
                        "result "
                            + call.arguments().getInteger("n")
                            + " "
                            + "lorem ipsum dolor ".repeat(40)))));
  }

  @Override
  public void close() {
    server.close().await();
    node.pg().close().await();
    node.pgRelaxed().close().await();
    node.redis().close();
    db.close();
  }
}
