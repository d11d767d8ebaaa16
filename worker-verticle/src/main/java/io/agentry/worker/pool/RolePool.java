package io.agentry.worker.pool;

import io.agentry.core.agents.AgentService;
import io.agentry.core.config.AgentryConfig.QueueSettings;
import io.agentry.core.jobs.AwaitingApprovalException;
import io.agentry.core.jobs.Completion;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobContext;
import io.agentry.core.jobs.JobFailure;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.Lease;
import io.agentry.core.jobs.bus.Grant;
import io.agentry.core.jobs.bus.WorkerReport;
import io.agentry.worker.handlers.HandlerRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of one role on one node, up to {@code capacity} at once. The pool claims its jobs itself
 * and starts them in the same write: when the director grants it credit (fast path) or, when no
 * grant came for a poll interval, on its own (slow path). Every later write is fenced by the job's
 * lease; completions are group-committed. Confined to the worker verticle's context.
 */
public final class RolePool {

  private static final Logger LOG = LoggerFactory.getLogger(RolePool.class);
  private static final int MAX_BATCH = 1_000;

  private final Context context;
  private final String nodeId;
  private final String role;
  private final int capacity;
  private final JobStore store;
  private final HandlerRegistry handlers;
  private final AgentSupervision supervision;
  private final QueueSettings queue;
  private final Consumer<WorkerReport> reports;
  private final GroupCommit<Lease, JsonObject, Lease> completions;
  private final Map<Long, Running> running = new HashMap<>();

  private int inFlight;
  private String lastDirector = "";
  private long seenSeq;
  private long lastGrantNanos = System.nanoTime();
  private boolean polling;
  private long claimedForSeq;
  private boolean claimShort;
  private boolean claimCapped;
  private long finished;
  private boolean reportScheduled;
  private boolean draining;
  private Promise<Void> drained;

  public RolePool(
      Context context,
      String nodeId,
      String role,
      int capacity,
      JobStore store,
      HandlerRegistry handlers,
      AgentService agents,
      QueueSettings queue,
      Consumer<WorkerReport> reports) {
    this.context = context;
    this.nodeId = nodeId;
    this.role = role;
    this.capacity = capacity;
    this.store = store;
    this.handlers = handlers;
    this.supervision = new AgentSupervision(agents);
    this.queue = queue;
    this.reports = reports;
    this.completions = new GroupCommit<>(context, MAX_BATCH, this::writeCompletions);
  }

  public String role() {
    return role;
  }

  /** The director's leave to claim up to {@code grant.count()} jobs. */
  public void onGrant(Grant grant) {
    if (!grant.directorId().equals(lastDirector)) {
      lastDirector = grant.directorId();
      seenSeq = 0;
    }
    seenSeq = Math.max(seenSeq, grant.seq());
    lastGrantNanos = System.nanoTime();
    int n = Math.min(grant.count(), capacity - inFlight);
    if (!draining && n > 0) {
      claim(n, grant.seq());
    }
    reportSoon();
  }

  /** Slow path: claims work itself when the director has granted nothing for a poll interval. */
  public void poll() {
    int free = capacity - inFlight;
    boolean quiet = System.nanoTime() - lastGrantNanos > queue.pollIntervalMs() * 1_000_000L;
    if (draining || polling || free <= 0 || !quiet) {
      return;
    }
    polling = true;
    claim(free, 0).onComplete(done -> polling = false);
  }

  /**
   * Claims and starts up to {@code n} jobs, holding their places from the start so that no other
   * claim overfills the pool; {@code grantSeq} is the grant it answers (0: none).
   */
  private Future<Void> claim(int n, long grantSeq) {
    inFlight += n;
    return store
        .claimAndStart(role, nodeId, n, queue.leaseTtl())
        .onComplete(
            claimed -> {
              List<Job> jobs = claimed.succeeded() ? claimed.result().jobs() : List.of();
              inFlight -= n - jobs.size();
              if (claimed.failed()) {
                LOG.warn("pool {} could not claim: {}", role, claimed.cause().toString());
              } else if (grantSeq > 0) {
                claimedForSeq = grantSeq;
                claimShort = jobs.size() < n;
                claimCapped = claimed.result().cappedByRoleLimit();
              }
              if (jobs.size() > 0) {
                LOG.debug("pool {} claimed and started {} job(s)", role, jobs.size());
              }
              if (draining) {
                giveBack(jobs);
              } else {
                jobs.forEach(this::run);
              }
              reportSoon();
            })
        .mapEmpty();
  }

  /** Extends the leases of running jobs and passes on cancellation requests. */
  public void heartbeat() {
    if (running.isEmpty()) {
      return;
    }
    List<Lease> leases = running.values().stream().map(r -> r.job().lease()).toList();
    store
        .heartbeat(leases, queue.leaseTtl())
        .onSuccess(
            result -> {
              result
                  .cancelRequested()
                  .forEach(
                      id -> {
                        Running job = running.get(id);
                        if (job != null) {
                          job.context().cancel();
                        }
                      });
              if (result.extended() < leases.size()) {
                LOG.warn(
                    "pool {}: {} of {} leases were no longer ours",
                    role,
                    leases.size() - result.extended(),
                    leases.size());
              }
            })
        .onFailure(err -> LOG.warn("pool {} heartbeat failed: {}", role, err.toString()));
  }

  public WorkerReport report() {
    return new WorkerReport(
        nodeId,
        role,
        capacity,
        inFlight,
        lastDirector,
        seenSeq,
        draining,
        claimedForSeq,
        claimShort,
        claimCapped,
        finished);
  }

  /**
   * Stops taking work at once, lets running jobs finish within {@code grace}, then gives the rest
   * back to the queue without burning their attempt.
   */
  public Future<Void> drain(Duration grace) {
    draining = true;
    reports.accept(report());
    drained = Promise.promise();
    completeDrainIfIdle();
    long timer = context.owner().setTimer(Math.max(1, grace.toMillis()), t -> releaseUnfinished());
    return drained.future().onComplete(done -> context.owner().cancelTimer(timer));
  }

  private void releaseUnfinished() {
    List<Lease> leases = running.values().stream().map(r -> r.job().lease()).toList();
    LOG.info("pool {}: grace period over, releasing {} unfinished job(s)", role, leases.size());
    store
        .release(leases)
        .onComplete(
            released -> {
              running.clear();
              drained.tryComplete();
            });
  }

  /** Jobs a claim got after the drain began: back to the queue, the attempt not counted. */
  private void giveBack(List<Job> jobs) {
    List<Lease> leases = jobs.stream().map(Job::lease).toList();
    store
        .release(leases)
        .onComplete(
            released -> {
              inFlight -= leases.size();
              completeDrainIfIdle();
            });
  }

  private void run(Job job) {
    JobContext jobContext = new JobContext(job);
    running.put(job.id(), new Running(job, jobContext));
    Future<JsonObject> result = supervision.run(job, () -> handle(job, jobContext));
    result.onComplete(
        outcome ->
            record(
                job, jobContext, outcome.succeeded() ? outcome.result() : null, outcome.cause()));
  }

  private Future<JsonObject> handle(Job job, JobContext jobContext) {
    try {
      return handlers.forKind(job.kind()).handle(jobContext);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void record(Job job, JobContext jobContext, JsonObject result, Throwable error) {
    if (running.remove(job.id()) == null) {
      return; // released at the end of a drain; the lease is no longer ours
    }
    Lease lease = job.lease();
    Future<?> write;
    if (jobContext.cancelled()) {
      write = store.cancelled(lease);
    } else if (error == null) {
      write = completions.add(lease, result);
    } else if (error instanceof AwaitingApprovalException waiting) {
      // Not a failed attempt: the job parks until a person decides (JobStore.decideApproval).
      write =
          store
              .awaitApproval(lease, waiting.request())
              .onSuccess(
                  parked -> {
                    if (!parked) {
                      LOG.warn("pool {}: job {} could not wait for approval", role, job.id());
                    }
                  });
    } else {
      write = store.fail(lease, JobFailure.of(error));
    }
    write.onComplete(
        written -> {
          if (written.failed()) {
            LOG.warn(
                "pool {}: could not record job {}: {}", role, job.id(), written.cause().toString());
          }
          done();
        });
  }

  private void done() {
    inFlight--;
    finished++;
    completeDrainIfIdle();
    reportSoon();
  }

  /** A drain is over once nothing is in flight any more. */
  private void completeDrainIfIdle() {
    if (drained != null && inFlight <= 0) {
      drained.tryComplete();
    }
  }

  /** Coalesces reports: at most one per event-loop turn. */
  private void reportSoon() {
    if (!reportScheduled) {
      reportScheduled = true;
      context.runOnContext(
          v -> {
            reportScheduled = false;
            reports.accept(report());
          });
    }
  }

  private Future<Map<Lease, Lease>> writeCompletions(
      List<GroupCommit.Item<Lease, JsonObject>> items) {
    return store
        .complete(items.stream().map(i -> new Completion(i.key(), i.value())).toList())
        .map(done -> done.stream().collect(Collectors.toMap(l -> l, l -> l)));
  }

  private record Running(Job job, JobContext context) {}
}
