package io.agentry.director;

import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.bus.Addresses;
import io.agentry.core.bus.RolePing;
import io.agentry.core.config.AgentryConfig.QueueSettings;
import io.agentry.core.goals.GoalStore;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.JobStores;
import io.agentry.core.jobs.ReapReport;
import io.agentry.core.jobs.bus.WorkerReport;
import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.llm.usage.UsageStore;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.persistence.PgPools;
import io.agentry.core.schedule.ScheduleStore;
import io.agentry.core.tasks.TaskService;
import io.agentry.director.dispatch.Dispatcher;
import io.agentry.director.goals.GoalLoop;
import io.agentry.director.lead.LeaderElection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director role. Every director listens; only the one holding the leader lease claims,
 * dispatches, reaps, fires schedules and releases abandoned budget holds. Wake-ups come from
 * PostgreSQL NOTIFY on enqueue and from workers returning credit, with a slow poll as the fallback
 * when both are silent.
 */
public final class DirectorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DirectorVerticle.class);
  private static final long SCHEDULE_INTERVAL_MS = 1_000;
  private static final long GOAL_LOOP_INTERVAL_MS = 500;

  private final NodeServices node;
  private JobStore store;
  private Dispatcher dispatcher;
  private LeaderElection election;
  private PgSubscriber wakeups;
  private SchedulePass schedules;
  private GoalLoop goalLoop;
  private HoldReleasePass holds;

  public DirectorVerticle(NodeServices node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    QueueSettings queue = node.config().queue();
    String self = node.identity().id();
    store = JobStores.create(node);
    dispatcher = new Dispatcher(vertx, queue, self);
    schedules = new SchedulePass(node.pg(), ScheduleStore.create(node.pg()), store);
    goalLoop = goalLoop();
    holds = HoldReleasePass.create(UsageStore.create(node.pg()), node.config().models());
    election =
        new LeaderElection(
            node.pg(),
            node.config().cluster().name(),
            self,
            Duration.ofSeconds(queue.leaderLeaseSeconds()),
            this::onLeadership);
    node.cluster().onMemberLeft(id -> context.runOnContext(v -> onMemberLeft(id)));
    vertx.setPeriodic(queue.leaderRenewMs(), t -> election.tick());
    vertx.setPeriodic(queue.pollIntervalMs(), t -> dispatcher.workMayBeDue());
    vertx.setPeriodic(queue.reaperIntervalMs(), t -> reap());
    vertx.setPeriodic(SCHEDULE_INTERVAL_MS, t -> fireSchedules());
    vertx.setPeriodic(GOAL_LOOP_INTERVAL_MS, t -> advanceGoals());
    vertx.setPeriodic(
        node.config().models().abandonedReleaseIntervalMs(),
        t -> {
          if (election.isLeader()) {
            holds.run();
          }
        });
    wakeups = PgSubscriber.subscriber(vertx, PgPools.connectOptions(node.config().postgres()));
    wakeups.reconnectPolicy(attempt -> 1_000L);
    wakeups.channel(PgJobStore.CHANNEL).handler(dispatcher::jobsEnqueued);
    return Future.all(
            RolePing.answer(vertx, NodeRole.DIRECTOR, node.identity()),
            vertx
                .eventBus()
                .<JsonObject>consumer(
                    Addresses.WORKER_REPORTS,
                    m -> {
                      dispatcher.onReport(WorkerReport.fromJson(m.body()));
                      // A report follows finished work: a goal may be waiting for it.
                      if (election.isLeader()) {
                        goalLoop.wakeSoon();
                      }
                    })
                .completion(),
            wakeups.connect())
        .compose(v -> election.tick());
  }

  @Override
  public Future<?> stop() {
    return election.stepDown().eventually(() -> wakeups.close());
  }

  private void onLeadership(boolean leading) {
    dispatcher.setActive(leading);
    if (leading) {
      applyRoleLimits();
    }
    if (leading && node.cluster().clustered()) {
      reclaimOrphans();
    }
  }

  /** Writes the configured per-role limits; limits of roles not configured are left as they are. */
  private void applyRoleLimits() {
    node.config()
        .queue()
        .roleLimitMap()
        .forEach(
            (role, limit) ->
                node.pg()
                    .preparedQuery(
                        "INSERT INTO job_role_limits (role, max_concurrent) VALUES ($1, $2)"
                            + " ON CONFLICT (role) DO UPDATE SET max_concurrent = $2")
                    .execute(Tuple.of(role, limit))
                    .onFailure(
                        err ->
                            LOG.warn(
                                "could not set the limit of role {}: {}", role, err.toString())));
  }

  private GoalLoop goalLoop() {
    LedgerStore ledger = LedgerStore.create(node.pg());
    TaskService tasks =
        TaskService.create(
            node.pg(), ledger, AgentService.create(node.pg(), ledger, FlapPolicy.defaults()));
    return new GoalLoop(vertx, GoalStore.create(node.pg(), store, tasks, ledger), store, tasks);
  }

  private void advanceGoals() {
    if (election.isLeader()) {
      goalLoop.wake();
    }
  }

  private void fireSchedules() {
    if (!election.isLeader()) {
      return;
    }
    schedules
        .run(Instant.now())
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info("enqueued {} scheduled job(s)", n);
              }
            })
        .onFailure(err -> LOG.warn("schedule pass failed: {}", err.toString()));
  }

  /** Leases of nodes that died while no director was watching go back to the queue at once. */
  private void reclaimOrphans() {
    Set<String> members = node.cluster().memberIds();
    store
        .leaseOwners()
        .onSuccess(
            owners ->
                owners.stream()
                    .filter(owner -> !members.contains(owner))
                    .forEach(
                        owner ->
                            reclaim(owner, "held by a node that is no longer in the cluster")));
  }

  private void onMemberLeft(String nodeId) {
    dispatcher.forgetNode(nodeId);
    if (election.isLeader()) {
      reclaim(nodeId, "its node left the cluster");
    } else {
      election.onMemberLeft(nodeId);
    }
  }

  private void reclaim(String owner, String why) {
    store
        .reclaimFrom(owner)
        .onSuccess(
            report -> {
              if (report.total() > 0) {
                LOG.info("reclaimed leases of {} ({}): {}", owner, why, report);
                dispatcher.workMayBeDue();
              }
            })
        .onFailure(err -> LOG.warn("could not reclaim leases of {}: {}", owner, err.toString()));
  }

  private void reap() {
    if (!election.isLeader()) {
      return;
    }
    store
        .reapExpired()
        .onSuccess(report -> logReaped(report))
        .onFailure(err -> LOG.warn("reaper pass failed: {}", err.toString()));
  }

  private void logReaped(ReapReport report) {
    if (report.total() > 0) {
      LOG.info("reaper: {}", report);
      dispatcher.workMayBeDue();
    }
  }
}
