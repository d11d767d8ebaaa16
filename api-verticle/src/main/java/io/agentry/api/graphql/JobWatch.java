package io.agentry.api.graphql;

import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobState;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job changes of the projects this api node's subscribers watch, found by polling, so that the
 * queue pays nothing for them (no trigger, no NOTIFY, no column or index it must keep up; see
 * docs/adr/0005-job-updates.md). One statement per watched project every {@link #POLL_MS}, for all
 * of its subscribers here: the project's jobs that were unfinished at the last look (by primary
 * key) and those created since (by the {@code jobs_project} index). A job whose visible fields
 * differ from the last look is reported with its current state; changes between two looks coalesce
 * into one report.
 */
final class JobWatch {

  private static final Logger LOG = LoggerFactory.getLogger(JobWatch.class);

  static final long POLL_MS = 300;

  /**
   * How far back creation times are read again each time: a job's {@code created_at} is its
   * transaction's start, so a transaction that commits late shows a job "created" in the past.
   */
  static final Duration CREATION_SLACK = Duration.ofSeconds(60);

  private static final Set<String> FINISHED =
      Set.of(JobState.SUCCEEDED.db(), JobState.DEAD.db(), JobState.CANCELLED.db());

  private static final String BASELINE =
      "SELECT now() AS polled_at, "
          + JobDataFetchers.COLUMNS
          + " FROM (SELECT now()) n LEFT JOIN jobs ON project_id = $1"
          + " AND (state NOT IN ('succeeded', 'dead', 'cancelled')"
          + " OR created_at > now() - make_interval(secs => $2))";

  private static final String CHANGED =
      "SELECT "
          + JobDataFetchers.COLUMNS
          + " FROM jobs WHERE project_id = $1 AND (id = ANY($2::bigint[]) OR created_at > $3)"
          + " ORDER BY id";

  /** What a subscriber can see of a job, apart from lease renewals (heartbeats). */
  private record Seen(List<Object> visible, OffsetDateTime createdAt, boolean finished) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Map<UUID, ProjectPoll> polls = new HashMap<>();

  JobWatch(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Calls {@code listener} with every job of the project that changes; run the result to stop. */
  synchronized Runnable listen(UUID projectId, Consumer<Job> listener) {
    polls.computeIfAbsent(projectId, ProjectPoll::new).listeners.add(listener);
    return () -> stop(projectId, listener);
  }

  private synchronized void stop(UUID projectId, Consumer<Job> listener) {
    ProjectPoll poll = polls.get(projectId);
    if (poll != null && poll.listeners.remove(listener) && poll.listeners.isEmpty()) {
      polls.remove(projectId);
      poll.stop();
    }
  }

  private final class ProjectPoll {
    private final UUID projectId;
    private final Context context;
    private final Set<Consumer<Job>> listeners = new CopyOnWriteArraySet<>();
    private final Map<Long, Seen> seen = new HashMap<>();
    private OffsetDateTime newest;
    private boolean stopped;
    private long timer = -1;

    ProjectPoll(UUID projectId) {
      this.projectId = projectId;
      this.context = vertx.getOrCreateContext();
      context.runOnContext(v -> baseline());
    }

    void stop() {
      context.runOnContext(
          v -> {
            stopped = true;
            vertx.cancelTimer(timer);
          });
    }

    private void baseline() {
      pool.preparedQuery(BASELINE)
          .execute(Tuple.of(projectId, (double) CREATION_SLACK.toSeconds()))
          .onComplete(
              result -> {
                if (result.succeeded()) {
                  for (Row row : result.result()) {
                    newest = row.getOffsetDateTime("polled_at");
                    if (row.getValue("id") != null) {
                      remember(JobDataFetchers.toJob(row), row.getOffsetDateTime("created_at"));
                    }
                  }
                  schedule(this::poll);
                } else {
                  LOG.warn("job watch of project {}: {}", projectId, result.cause().getMessage());
                  schedule(this::baseline);
                }
              });
    }

    private void poll() {
      Long[] open =
          seen.entrySet().stream()
              .filter(e -> !e.getValue().finished())
              .map(Map.Entry::getKey)
              .toArray(Long[]::new);
      OffsetDateTime since = newest.minus(CREATION_SLACK);
      pool.preparedQuery(CHANGED)
          .execute(Tuple.of(projectId, open, since))
          .onComplete(
              result -> {
                if (result.succeeded()) {
                  Set<Long> missing = new HashSet<>(Arrays.asList(open));
                  for (Row row : result.result()) {
                    Job job = JobDataFetchers.toJob(row);
                    missing.remove(job.id());
                    OffsetDateTime created = row.getOffsetDateTime("created_at");
                    if (created.isAfter(newest)) {
                      newest = created;
                    }
                    if (remember(job, created)) {
                      listeners.forEach(l -> l.accept(job));
                    }
                  }
                  missing.forEach(seen::remove); // deleted with their project
                  seen.values().removeIf(s -> s.finished() && s.createdAt().isBefore(since));
                } else {
                  LOG.warn("job watch of project {}: {}", projectId, result.cause().getMessage());
                }
                schedule(this::poll);
              });
    }

    /** Records what a subscriber sees of the job; true when that changed. */
    private boolean remember(Job job, OffsetDateTime created) {
      List<Object> visible =
          Arrays.asList(
              job.state(),
              job.attempts(),
              job.leaseEpoch(),
              job.leaseOwner(),
              job.priority(),
              job.runAt(),
              job.cancelRequested(),
              job.finishedAt(),
              job.result() == null ? null : job.result().encode(),
              job.lastError());
      Seen before =
          seen.put(job.id(), new Seen(visible, created, FINISHED.contains(job.state().db())));
      return before == null || !before.visible().equals(visible);
    }

    private void schedule(Runnable next) {
      if (!stopped) {
        timer = vertx.setTimer(POLL_MS, t -> next.run());
      }
    }
  }
}
