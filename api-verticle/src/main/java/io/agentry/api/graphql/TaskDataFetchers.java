package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.api.events.LedgerStream;
import io.agentry.core.goals.GoalPolicy;
import io.agentry.core.goals.GoalRun;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.tasks.NewTask;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskStatus;
import io.agentry.core.tasks.pg.TaskRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tasks: listing, goals, cancellation, and live task updates. */
final class TaskDataFetchers {

  /** The worker pool and job kind that turn a goal into a plan. */
  static final String PLANNING_ROLE = "architect";

  static final String PLANNING_KIND = "planning";

  private static final String CURSOR = "task";
  private static final String PAGE =
      "SELECT "
          + TaskRows.COLUMNS
          + " FROM tasks t WHERE t.project_id = $1"
          + " AND (cardinality($2::text[]) = 0 OR t.status = ANY ($2::text[]))"
          + " AND (t.created_at, t.id) > ($3, $4) ORDER BY t.created_at, t.id LIMIT $5";
  private static final String UNFINISHED_JOBS =
      "SELECT id FROM jobs WHERE task_id = $1"
          + " AND state NOT IN ('succeeded', 'dead', 'cancelled')";

  /** What {@code submitGoal} answers. */
  record GoalSubmission(Task task, io.agentry.core.jobs.Job job, LedgerEvent event) {}

  /** What the goal's transaction wrote. */
  private record Written(Task task, long jobId, LedgerEvent event) {}

  private final ApiServices services;
  private final Ownership ownership;

  TaskDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher(
                    "task",
                    env -> ownership.task(principal(env), uuid(env, "id")).toCompletionStage())
                .dataFetcher("tasks", tasks()));
    wiring.type(
        "Mutation",
        type -> type.dataFetcher("submitGoal", submitGoal()).dataFetcher("cancelTask", cancel()));
    wiring.type("Subscription", type -> type.dataFetcher("taskUpdates", taskUpdates()));
    wiring.type(
        "Task",
        type ->
            type.dataFetcher(
                    "project",
                    env -> Loaders.load(env, Loaders.PROJECTS, env.<Task>getSource().projectId()))
                .dataFetcher(
                    "assignedAgent",
                    env ->
                        Loaders.load(env, Loaders.AGENTS, env.<Task>getSource().assignedAgentId()))
                .dataFetcher("progress", env -> env.<Task>getSource().stageProgress())
                .dataFetcher(
                    "goalRun",
                    env ->
                        services
                            .goals()
                            .find(env.<Task>getSource().id())
                            .map(run -> run.orElse(null))
                            .toCompletionStage()));
    wiring.type(
        "GoalRun",
        type ->
            type.dataFetcher("state", env -> env.<GoalRun>getSource().state().name())
                .dataFetcher("phase", env -> env.<GoalRun>getSource().phase().name())
                .dataFetcher("policy", env -> env.<GoalRun>getSource().policy().toJson())
                .dataFetcher(
                    "currentJob",
                    env -> {
                      Long jobId = env.<GoalRun>getSource().currentJobId();
                      return jobId == null
                          ? null
                          : services
                              .jobs()
                              .find(jobId)
                              .map(j -> j.orElse(null))
                              .toCompletionStage();
                    }));
  }

  private DataFetcher<Object> tasks() {
    return env -> {
      var page = Connections.page(env);
      var after = Connections.timeKey(CURSOR, page.after());
      String[] names =
          Connections.filterValues(env.getArgument("status"), s -> TaskStatus.valueOf(s).db());
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
                              .addOffsetDateTime(after.at())
                              .addUUID(after.id())
                              .addInteger(page.fetch())))
          .map(
              rows ->
                  Connections.connection(
                      rows,
                      TaskRows::toTask,
                      page,
                      t -> Connections.timeCursor(CURSOR, t.createdAt(), t.id())))
          .toCompletionStage();
    };
  }

  /** Task, planning job and GoalSubmitted event commit together or not at all. */
  private DataFetcher<Object> submitGoal() {
    return env -> {
      UUID projectId = uuid(env, "projectId");
      UUID agentId = ApiContext.uuid(env.<String>getArgument("agentId"), "agent");
      String goal = env.getArgument("goal");
      int complexity = env.getArgumentOrDefault("complexity", 5);
      int priority = env.getArgumentOrDefault("priority", 0);
      GoalPolicy policy =
          GoalPolicy.fromJson(ApiContext.jsonObject(env.getArgument("policy"), "policy"));
      NewTask newTask = new NewTask(projectId, null, goal, "", priority, complexity, null, null);
      return ownership
          .project(principal(env), projectId)
          .compose(
              project ->
                  services
                      .pool()
                      .withTransaction(
                          tx ->
                              services
                                  .tasks()
                                  .create(tx, newTask)
                                  .compose(
                                      task ->
                                          agentId == null
                                              ? Future.succeededFuture(task)
                                              : services.tasks().assignTo(tx, task.id(), agentId))
                                  .compose(
                                      task -> {
                                        JsonObject payload =
                                            new JsonObject()
                                                .put("taskId", task.id().toString())
                                                .put("goal", task.goal())
                                                .put("onStuck", policy.onStuck().name());
                                        if (agentId != null) {
                                          payload.put("agentId", agentId.toString());
                                        }
                                        NewJob job =
                                            NewJob.builder(PLANNING_ROLE, PLANNING_KIND)
                                                .payload(payload.copy())
                                                .priority(priority)
                                                .project(projectId)
                                                .task(task.id())
                                                .build();
                                        return services
                                            .jobs()
                                            .enqueue(tx, job)
                                            .compose(
                                                enqueued ->
                                                    services
                                                        .goals()
                                                        .start(tx, task, enqueued.jobId(), policy)
                                                        .map(enqueued))
                                            .compose(
                                                enqueued ->
                                                    services
                                                        .ledger()
                                                        .append(
                                                            tx,
                                                            projectId,
                                                            Source.USER,
                                                            null,
                                                            "GoalSubmitted",
                                                            payload.put("jobId", enqueued.jobId()))
                                                        .map(
                                                            event ->
                                                                new Written(
                                                                    task,
                                                                    enqueued.jobId(),
                                                                    event)));
                                      })))
          .compose(
              written ->
                  services
                      .jobs()
                      .find(written.jobId())
                      .map(
                          job ->
                              new GoalSubmission(
                                  written.task(), job.orElseThrow(), written.event())))
          .toCompletionStage();
    };
  }

  /** Cancels the task, then asks each of its unfinished jobs to stop. */
  private DataFetcher<Object> cancel() {
    return env -> {
      UUID id = uuid(env, "id");
      String reason = env.getArgumentOrDefault("reason", "cancelled through the API");
      return ownership
          .task(principal(env), id)
          .compose(task -> services.tasks().cancel(id, reason))
          .compose(
              task ->
                  services
                      .pool()
                      .preparedQuery(UNFINISHED_JOBS)
                      .execute(Tuple.of(id))
                      .compose(
                          rows -> {
                            List<Future<Boolean>> cancels = new ArrayList<>();
                            rows.forEach(
                                row -> cancels.add(services.jobs().cancel(row.getLong(0))));
                            return Future.all(cancels);
                          })
                      .map(v -> task))
          .toCompletionStage();
    };
  }

  /** Live only: task changes from now on, each as the task's state after the change. */
  private DataFetcher<Object> taskUpdates() {
    return env -> {
      UUID projectId = uuid(env, "projectId");
      return ownership
          .project(principal(env), projectId)
          .compose(
              project ->
                  services
                      .pool()
                      .preparedQuery("SELECT last_seq FROM ledger_heads WHERE project_id = $1")
                      .execute(Tuple.of(projectId)))
          .map(
              rows -> {
                long head = rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
                return new LedgerStream<Task>(
                    services.vertx(),
                    services.feed(),
                    services.ledger(),
                    projectId,
                    head,
                    this::taskOf);
              })
          .toCompletionStage();
    };
  }

  private Future<Optional<Task>> taskOf(LedgerEvent event) {
    String taskId = event.payload() == null ? null : event.payload().getString("taskId");
    if (taskId == null || !event.type().startsWith("Task")) {
      return Future.succeededFuture(Optional.empty());
    }
    return services.tasks().get(UUID.fromString(taskId)).map(Optional::of);
  }
}
