package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.api.events.LiveStream;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobFailure;
import io.agentry.core.jobs.JobState;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Jobs of a project: state, attempts, lease, errors; and answers to approval requests. */
final class JobDataFetchers {

  private static final String CURSOR = "job";

  /** What {@link #toJob} reads. */
  static final String COLUMNS =
      "id, role, kind, payload, state, priority, run_at, attempts, max_attempts,"
          + " lease_epoch, lease_owner, lease_expires_at, idempotency_key, project_id, task_id,"
          + " result, last_error, cancel_requested, created_at, finished_at";

  private static final String PAGE =
      "SELECT "
          + COLUMNS
          + " FROM jobs WHERE project_id = $1"
          + " AND (cardinality($2::text[]) = 0 OR state = ANY ($2::text[]))"
          + " AND ($3::text IS NULL OR role = $3) AND id > $4 ORDER BY id LIMIT $5";

  private final ApiServices services;
  private final Ownership ownership;

  private final JobWatch watch;

  JobDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
    this.watch = new JobWatch(services.vertx(), services.pool());
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher(
                    "job",
                    env ->
                        ownership
                            .job(principal(env), Ownership.jobId(env.getArgument("id")))
                            .toCompletionStage())
                .dataFetcher("jobs", jobs()));
    wiring.type("Mutation", type -> type.dataFetcher("approveStep", approveStep()));
    wiring.type(
        "Subscription",
        type ->
            type.dataFetcher(
                "jobUpdates",
                env -> {
                  UUID projectId = uuid(env, "projectId");
                  return ownership
                      .project(principal(env), projectId)
                      .map(
                          project ->
                              new LiveStream<Job>(
                                  services.vertx(), sink -> watch.listen(projectId, sink)))
                      .toCompletionStage();
                }));
    wiring.type(
        "Job",
        type ->
            type.dataFetcher("lease", env -> lease(env.getSource()))
                .dataFetcher(
                    "task", env -> Loaders.load(env, Loaders.TASKS, env.<Job>getSource().taskId()))
                .dataFetcher(
                    "errors",
                    env -> services.jobs().errors(env.<Job>getSource().id()).toCompletionStage()));
  }

  private DataFetcher<Object> jobs() {
    return env -> {
      var page = Connections.page(env);
      long after = Connections.longKey(CURSOR, page.after());
      String[] names =
          Connections.filterValues(env.getArgument("state"), s -> JobState.valueOf(s).db());
      UUID projectId = uuid(env, "projectId");
      return ownership
          .project(principal(env), projectId)
          .compose(
              project ->
                  services
                      .pool()
                      .preparedQuery(PAGE)
                      .execute(
                          Tuple.tuple()
                              .addUUID(projectId)
                              .addArrayOfString(names)
                              .addString(env.getArgument("role"))
                              .addLong(after)
                              .addInteger(page.fetch())))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      JobDataFetchers::toJob,
                      page,
                      j -> Connections.encode(CURSOR, Long.toString(j.id()))))
          .toCompletionStage();
    };
  }

  private DataFetcher<Object> approveStep() {
    return env -> {
      long jobId = Ownership.jobId(env.getArgument("jobId"));
      boolean approved = env.getArgument("approved");
      String feedback = env.getArgumentOrDefault("feedback", "");
      return ownership
          .job(principal(env), jobId)
          .compose(job -> services.jobs().decideApproval(jobId, approved, feedback))
          .compose(
              decided -> {
                if (!decided) {
                  throw new AgentryException(
                      ErrorCode.ILLEGAL_STATE, "job " + jobId + " is not awaiting approval");
                }
                return services.jobs().find(jobId);
              })
          .map(job -> job.orElseThrow())
          .toCompletionStage();
    };
  }

  private static Map<String, Object> lease(Job job) {
    if (job.state() != JobState.LEASED && job.state() != JobState.RUNNING) {
      return null;
    }
    Map<String, Object> lease = new LinkedHashMap<>();
    lease.put("owner", job.leaseOwner());
    lease.put("epoch", job.leaseEpoch());
    lease.put("expiresAt", job.leaseExpiresAt());
    return lease;
  }

  static Job toJob(Row row) {
    JsonObject error = row.getJsonObject("last_error");
    return new Job(
        row.getLong("id"),
        row.getString("role"),
        row.getString("kind"),
        row.getJsonObject("payload"),
        JobState.fromDb(row.getString("state")),
        row.getInteger("priority"),
        instant(row.getOffsetDateTime("run_at")),
        row.getInteger("attempts"),
        row.getInteger("max_attempts"),
        row.getLong("lease_epoch"),
        row.getString("lease_owner"),
        instant(row.getOffsetDateTime("lease_expires_at")),
        row.getString("idempotency_key"),
        row.getUUID("project_id"),
        row.getUUID("task_id"),
        row.getJsonObject("result"),
        error == null
            ? null
            : new JobFailure(
                error.getString("type", ""),
                error.getString("message", ""),
                error.getString("stack", ""),
                error.getBoolean("nonRetryable", false)),
        row.getBoolean("cancel_requested"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("finished_at")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
