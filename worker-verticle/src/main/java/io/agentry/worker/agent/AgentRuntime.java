package io.agentry.worker.agent;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.config.AgentryConfig.ToolSettings;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.llm.ModelCatalog;
import io.agentry.core.llm.ModelClient;
import io.agentry.core.llm.cache.ResponseCache;
import io.agentry.core.llm.replay.Replays;
import io.agentry.core.llm.usage.UsageStore;
import io.agentry.core.node.NodeServices;
import io.agentry.worker.sandbox.Sandbox;
import io.agentry.worker.tools.ApprovalPolicy;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolRegistry;
import io.agentry.worker.tools.email.SendEmailTool;
import io.agentry.worker.tools.exec.ExecTools;
import io.agentry.worker.tools.files.FileTools;
import io.agentry.worker.tools.git.GitTools;
import io.agentry.worker.tools.pdf.RenderPdfTool;
import io.agentry.worker.tools.web.WebSearchTool;
import io.agentry.worker.workspace.GitIdentity;
import io.agentry.worker.workspace.GitToken;
import io.agentry.worker.workspace.Workspaces;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What agents need on a worker node, built once per node: the model client (HTTP providers from the
 * configuration, usage and budgets in PostgreSQL, the Redis response cache), the tool registry with
 * the node's tools under the configured approval policy, the workspaces under the node's data
 * directory, the ledger and the {@link AgentLoop}. Nothing here contacts a model provider: they are
 * reached on the first call, so a worker starts whether or not they are up. The sandbox is opened
 * (and self-checked) here; when it is unavailable the exec tools refuse to run anything.
 */
public final class AgentRuntime {

  private final ModelCatalog catalog;
  private final ModelClient models;
  private final UsageStore usage;
  private final ToolRegistry tools;
  private final Workspaces workspaces;
  private final Sandbox sandbox;
  private final LedgerStore ledger;
  private final AgentLoop loop;
  private final List<String> toolNames;

  private AgentRuntime(
      ModelCatalog catalog,
      ModelClient models,
      UsageStore usage,
      ToolRegistry tools,
      Workspaces workspaces,
      Sandbox sandbox,
      LedgerStore ledger,
      AgentLoop loop,
      List<String> toolNames) {
    this.catalog = catalog;
    this.models = models;
    this.usage = usage;
    this.tools = tools;
    this.workspaces = workspaces;
    this.sandbox = sandbox;
    this.ledger = ledger;
    this.loop = loop;
    this.toolNames = List.copyOf(toolNames);
  }

  /**
   * Builds the runtime of a node. {@code environment} supplies the model API keys named by {@code
   * models.apiKeyEnv} (read once, here); a malformed model configuration fails with a {@code
   * ConfigException}.
   */
  public static Future<AgentRuntime> create(
      Vertx vertx, NodeServices node, Map<String, String> environment) {
    AgentryConfig config = node.config();
    ModelSettings settings = config.models();
    ModelCatalog catalog;
    try {
      catalog = ModelCatalog.create(settings, environment);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    UsageStore usage = UsageStore.create(node.pg());
    // HTTP providers, plus replayed ones (`replay:` base URLs) and recording when configured.
    return Replays.providers(vertx, settings, catalog)
        .compose(
            providers -> {
              ModelClient models =
                  ModelClient.create(
                      vertx,
                      settings,
                      catalog,
                      providers,
                      usage,
                      ResponseCache.redis(
                          node.redis(), Duration.ofSeconds(settings.cacheTtlSeconds())));
              return create(vertx, node, catalog, usage, models);
            });
  }

  private static Future<AgentRuntime> create(
      Vertx vertx, NodeServices node, ModelCatalog catalog, UsageStore usage, ModelClient models) {
    AgentryConfig config = node.config();
    String nodeId = node.identity().id();
    Workspaces workspaces =
        Workspaces.create(
            vertx,
            config.node().dataDir(),
            new GitIdentity("agentry node " + nodeId, "node-" + nodeId + "@agentry.invalid"));
    LedgerStore ledger = LedgerStore.create(node.pg());
    return Sandbox.open(vertx, config.sandbox())
        .map(
            sandbox -> {
              ToolRegistry tools =
                  ToolRegistry.create(ApprovalPolicy.parse(config.tools().approvalPolicy()));
              List<Tool> nodeTools = nodeTools(vertx, config.tools(), workspaces, sandbox);
              nodeTools.forEach(tools::register);
              AgentLoop loop = AgentLoop.create(vertx, models, tools, ledger);
              return new AgentRuntime(
                  catalog,
                  models,
                  usage,
                  tools,
                  workspaces,
                  sandbox,
                  ledger,
                  loop,
                  nodeTools.stream().map(Tool::name).toList());
            });
  }

  /** The node's tools: files, commands in the sandbox, git, web search, email and PDF reports. */
  static List<Tool> nodeTools(
      Vertx vertx, ToolSettings settings, Workspaces workspaces, Sandbox sandbox) {
    List<Tool> all = new ArrayList<>(new FileTools(vertx).tools());
    all.addAll(new ExecTools(sandbox).tools());
    all.addAll(
        new GitTools(workspaces, new GitToken(settings.gitUser(), settings.gitToken())).tools());
    all.add(
        new WebSearchTool(
                vertx,
                settings.webSearchUrl(),
                settings.webSearchMaxResults(),
                settings.httpTimeoutMs())
            .tool());
    all.add(new SendEmailTool(vertx, settings).tool());
    all.add(new RenderPdfTool(vertx).tool());
    return all;
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public ModelClient models() {
    return models;
  }

  /** Token and cost accounting, and the budgets model calls are held against. */
  public UsageStore usage() {
    return usage;
  }

  /** The node's tools; roles give their agents allow-lists with {@link ToolRegistry#allow}. */
  public ToolRegistry tools() {
    return tools;
  }

  public Workspaces workspaces() {
    return workspaces;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public LedgerStore ledger() {
    return ledger;
  }

  public AgentLoop loop() {
    return loop;
  }

  /** Names of every tool on the node, for allow-lists and diagnostics. */
  public List<String> toolNames() {
    return toolNames;
  }
}
