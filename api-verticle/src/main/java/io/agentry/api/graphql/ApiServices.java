package io.agentry.api.graphql;

import io.agentry.api.auth.CachingKeyStore;
import io.agentry.api.events.ActivityFeed;
import io.agentry.api.events.ClusterStatusFeed;
import io.agentry.api.events.LedgerFeed;
import io.agentry.api.events.WorkerPools;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.goals.GoalStore;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.JobStores;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.llm.usage.UsageStore;
import io.agentry.core.node.NodeServices;
import io.agentry.core.projects.ProjectService;
import io.agentry.core.tasks.TaskService;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The core services the data fetchers use, built once per api verticle. */
public record ApiServices(
    Vertx vertx,
    NodeServices node,
    Pool pool,
    LedgerStore ledger,
    ProjectService projects,
    AgentService agents,
    TaskService tasks,
    JobStore jobs,
    CachingKeyStore apiKeys,
    LedgerFeed feed,
    WorkerPools workerPools,
    ActivityFeed activity,
    ClusterStatusFeed clusterStatus,
    UsageStore usage,
    GoalStore goals) {

  /**
   * The tenant whose admin keys act as the platform operator (may create tenants): the one the
   * first api node of an installation creates with the bootstrap admin key.
   */
  public static final String OPERATOR_TENANT = "default";

  /** Reads go through {@code pool}, which tests may wrap (e.g. to count statements). */
  public static ApiServices create(
      Vertx vertx, NodeServices node, Pool pool, LedgerFeed feed, WorkerPools workerPools) {
    LedgerStore ledger = LedgerStore.create(pool);
    AgentService agents = AgentService.create(pool, ledger, FlapPolicy.defaults());
    TaskService tasks = TaskService.create(pool, ledger, agents);
    JobStore jobs = JobStores.create(node);
    return new ApiServices(
        vertx,
        node,
        pool,
        ledger,
        ProjectService.create(pool, ledger),
        agents,
        tasks,
        jobs,
        new CachingKeyStore(
            vertx, ApiKeyStore.create(pool), CachingKeyStore.TTL_MS, CachingKeyStore.MAX_ENTRIES),
        feed,
        workerPools,
        new ActivityFeed(vertx),
        new ClusterStatusFeed(vertx, node.registry(), workerPools),
        UsageStore.create(pool),
        GoalStore.create(pool, jobs, tasks, ledger));
  }
}
