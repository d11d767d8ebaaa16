package io.agentry.api.graphql;

import io.agentry.core.agents.Agent;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.jobs.Job;
import io.agentry.core.projects.Project;
import io.agentry.core.tasks.Task;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * Tenant isolation for reads and writes by id: each method reads the object and fails with {@code
 * NOT_FOUND} unless it belongs to the caller's tenant, so a foreign id is indistinguishable from
 * one that never existed.
 */
final class Ownership {

  private final ApiServices services;

  Ownership(ApiServices services) {
    this.services = services;
  }

  Future<Project> project(Principal who, UUID projectId) {
    return services
        .projects()
        .get(projectId)
        .map(
            project -> {
              who.requireOwn(project.tenantId(), "project", projectId);
              return project;
            });
  }

  Future<Agent> agent(Principal who, UUID agentId) {
    return services
        .agents()
        .get(agentId)
        .map(
            agent -> {
              who.requireOwn(agent.tenantId(), "agent", agentId);
              return agent;
            });
  }

  Future<Task> task(Principal who, UUID taskId) {
    return services
        .tasks()
        .get(taskId)
        .map(
            task -> {
              who.requireOwn(task.tenantId(), "task", taskId);
              return task;
            });
  }

  /**
   * The caller's project; with {@code taskId}, also checks that the task is the caller's and in
   * that project. A task of another project is {@code NOT_FOUND} as well.
   */
  Future<Project> projectAndTask(Principal who, UUID projectId, UUID taskId) {
    Future<Project> project = project(who, projectId);
    if (taskId == null) {
      return project;
    }
    return project.compose(
        p ->
            task(who, taskId)
                .map(
                    t -> {
                      if (!t.projectId().equals(projectId)) {
                        throw new AgentryException(
                            ErrorCode.NOT_FOUND,
                            "task " + taskId + " does not exist in project " + projectId);
                      }
                      return p;
                    }));
  }

  /** Jobs belong to a tenant through their project; a job without a project belongs to none. */
  Future<Job> job(Principal who, long jobId) {
    AgentryException missing =
        new AgentryException(ErrorCode.NOT_FOUND, "job " + jobId + " does not exist");
    return services
        .jobs()
        .find(jobId)
        .compose(
            found -> {
              Job job = found.filter(j -> j.projectId() != null).orElseThrow(() -> missing);
              return project(who, job.projectId())
                  .map(project -> job)
                  .recover(e -> Future.failedFuture(missing));
            });
  }

  static long jobId(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new AgentryException(ErrorCode.NOT_FOUND, "job " + value + " does not exist");
    }
  }
}
