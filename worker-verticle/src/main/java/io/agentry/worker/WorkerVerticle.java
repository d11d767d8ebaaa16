package io.agentry.worker;

import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.bus.Addresses;
import io.agentry.core.bus.RolePing;
import io.agentry.core.config.AgentryConfig.QueueSettings;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.JobStores;
import io.agentry.core.jobs.bus.Grant;
import io.agentry.core.jobs.bus.WorkerReport;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.worker.agent.AgentRuntime;
import io.agentry.worker.checkpoints.CheckpointHandlers;
import io.agentry.worker.handlers.BuiltInHandlers;
import io.agentry.worker.handlers.HandlerRegistry;
import io.agentry.worker.pool.RolePool;
import io.agentry.worker.roles.Roles;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker role: one {@link RolePool} per configured role, fed by the director's dispatches and
 * by its own slow-path claims. At start it builds the node's {@link AgentRuntime} (model client,
 * tools, workspaces, agent loop) and lets {@link Roles} register the role handlers on it. On
 * undeploy (SIGTERM) it drains: no new work, running jobs get the node's grace period, the rest go
 * back to the queue without burning an attempt.
 */
public final class WorkerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);

  private final NodeServices node;
  private final HandlerRegistry handlers;
  private final Map<String, String> environment;
  private final Map<String, RolePool> pools = new LinkedHashMap<>();
  private volatile AgentRuntime agentRuntime;

  public WorkerVerticle(NodeServices node) {
    this(node, new HandlerRegistry());
  }

  /** Model API keys are read from the process environment (the variables the config names). */
  public WorkerVerticle(NodeServices node, HandlerRegistry handlers) {
    this(node, handlers, System.getenv());
  }

  /** {@code environment} supplies the model API keys named by {@code models.apiKeyEnv}. */
  public WorkerVerticle(
      NodeServices node, HandlerRegistry handlers, Map<String, String> environment) {
    this.node = node;
    this.handlers = handlers;
    this.environment = Map.copyOf(environment);
  }

  /** The node's agent runtime; null until the verticle has started. */
  public AgentRuntime agentRuntime() {
    return agentRuntime;
  }

  @Override
  public Future<?> start() {
    BuiltInHandlers.register(vertx, handlers);
    return AgentRuntime.create(vertx, node, environment)
        .compose(
            runtime -> {
              agentRuntime = runtime;
              Roles.register(vertx, handlers, runtime, node);
              CheckpointHandlers.register(handlers, runtime, node);
              LOG.info(
                  "agent runtime ready: {} tools, sandbox {}",
                  runtime.toolNames().size(),
                  runtime.sandbox().status().available() ? "available" : "unavailable");
              return startPools();
            });
  }

  private Future<?> startPools() {
    QueueSettings queue = node.config().queue();
    JobStore store = JobStores.create(node);
    AgentService agents =
        AgentService.create(node.pg(), LedgerStore.create(node.pg()), FlapPolicy.defaults());
    String nodeId = node.identity().id();
    node.config()
        .worker()
        .poolCapacities()
        .forEach(
            (role, capacity) ->
                pools.put(
                    role,
                    new RolePool(
                        context,
                        nodeId,
                        role,
                        capacity,
                        store,
                        handlers,
                        agents,
                        queue,
                        this::publish)));
    vertx.setPeriodic(
        queue.pollIntervalMs(),
        t ->
            pools
                .values()
                .forEach(
                    p -> {
                      p.poll();
                      publish(p.report());
                    }));
    vertx.setPeriodic(
        queue.heartbeatIntervalMs(), t -> pools.values().forEach(RolePool::heartbeat));
    LOG.info("worker pools {}", node.config().worker().poolCapacities());
    return Future.all(
            RolePing.answer(vertx, NodeRole.WORKER, node.identity()),
            vertx
                .eventBus()
                .<JsonObject>consumer(Addresses.workerDispatch(nodeId), m -> onGrant(m.body()))
                .completion())
        .onSuccess(v -> pools.values().forEach(p -> publish(p.report())));
  }

  @Override
  public Future<?> stop() {
    Duration grace = Duration.ofSeconds(node.config().node().shutdownGraceSeconds());
    LOG.info("worker draining: no new jobs; running jobs have {} s to finish", grace.toSeconds());
    List<Future<Void>> drains = pools.values().stream().map(p -> p.drain(grace)).toList();
    return Future.join(drains).onComplete(done -> LOG.info("worker drained"));
  }

  private void onGrant(JsonObject body) {
    Grant grant = Grant.fromJson(body);
    RolePool pool = pools.get(grant.role());
    if (pool == null) {
      LOG.warn("grant for role {}, which this node does not serve", grant.role());
      return;
    }
    pool.onGrant(grant);
  }

  private void publish(WorkerReport report) {
    vertx.eventBus().publish(Addresses.WORKER_REPORTS, report.toJson());
  }
}
