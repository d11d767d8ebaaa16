package io.agentry.worker.roles;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.jobs.Job;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A job of the goal loop as a role reads it: which goal (the task), which phase and iteration, and
 * what the loop handed over (the plan item to code, feedback to address, the failure to debug, the
 * fix to verify).
 */
record GoalJob(
    Job job,
    UUID taskId,
    UUID agentId,
    String goal,
    int iteration,
    Integer planItem,
    String feedback,
    JsonObject failure,
    JsonObject verifyingFix) {

  static GoalJob of(Job job) {
    JsonObject p = job.payload();
    String task = p.getString("taskId");
    if (task == null || job.projectId() == null) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "a goal job needs a project and payload.taskId");
    }
    String agent = p.getString("agentId");
    return new GoalJob(
        job,
        UUID.fromString(task),
        agent == null ? null : UUID.fromString(agent),
        p.getString("goal", ""),
        p.getInteger("iteration", 0),
        p.getInteger("planItem"),
        p.getString("feedback"),
        p.getJsonObject("failure"),
        p.getJsonObject("verifyingFix"));
  }

  UUID projectId() {
    return job.projectId();
  }

  long jobId() {
    return job.id();
  }

  /** The key of the goal's workspace: all roles of a goal work in the same repository. */
  String workspaceOwner() {
    return agentId == null ? "goal" : agentId.toString();
  }
}
