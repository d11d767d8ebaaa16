package io.agentry.api.graphql;

import static io.agentry.api.graphql.ApiContext.principal;
import static io.agentry.api.graphql.ApiContext.uuid;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.api.events.LiveStream;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Future;
import java.util.Map;
import java.util.UUID;

/** Live agent activity of a project (monologue, tool calls, tokens, output, status). */
final class ActivityDataFetchers {

  private final ApiServices services;
  private final Ownership ownership;

  ActivityDataFetchers(ApiServices services, Ownership ownership) {
    this.services = services;
    this.ownership = ownership;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type("Subscription", type -> type.dataFetcher("agentActivity", agentActivity()));
  }

  /** Tenant-checked like the ledger: the project, and the task when given, must be the caller's. */
  private DataFetcher<Object> agentActivity() {
    return env -> {
      UUID projectId = uuid(env, "projectId");
      UUID taskId = uuid(env, "taskId");
      var who = principal(env);
      return ownership
          .project(who, projectId)
          .compose(
              project ->
                  taskId == null
                      ? Future.succeededFuture()
                      : ownership
                          .task(who, taskId)
                          .map(
                              task -> {
                                if (!task.projectId().equals(projectId)) {
                                  throw new AgentryException(
                                      ErrorCode.NOT_FOUND,
                                      "task " + taskId + " does not exist in project " + projectId);
                                }
                                return task;
                              }))
          .map(
              checked -> {
                String task = taskId == null ? null : taskId.toString();
                return new LiveStream<Map<String, Object>>(
                    services.vertx(),
                    sink ->
                        services
                            .activity()
                            .listen(
                                projectId,
                                item -> {
                                  if (task == null || task.equals(item.get("taskId"))) {
                                    sink.accept(item);
                                  }
                                }));
              })
          .toCompletionStage();
    };
  }
}
