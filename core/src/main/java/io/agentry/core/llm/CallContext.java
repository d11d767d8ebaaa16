package io.agentry.core.llm;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Who a model call is for. The ids attribute usage and budgets (project and task budgets apply when
 * set) and tag streamed tokens; {@code role} and {@code complexity} choose the model.
 */
public record CallContext(
    UUID projectId, UUID taskId, Long jobId, UUID agentId, String role, int complexity) {

  public CallContext {
    if (complexity < 1 || complexity > 10) {
      throw new IllegalArgumentException("complexity must be 1..10, was " + complexity);
    }
    role = role == null ? "" : role;
  }

  /** A call that belongs to no project or task, routed as a medium task of no particular role. */
  public static CallContext none() {
    return new CallContext(null, null, null, null, "", 5);
  }

  public static CallContext of(UUID projectId, UUID taskId, String role, int complexity) {
    return new CallContext(projectId, taskId, null, null, role, complexity);
  }

  public CallContext withJob(long jobId) {
    return new CallContext(projectId, taskId, jobId, agentId, role, complexity);
  }

  public CallContext withAgent(UUID agentId) {
    return new CallContext(projectId, taskId, jobId, agentId, role, complexity);
  }

  /** The ids that are set, as event-bus fields. */
  public JsonObject ids() {
    JsonObject json = new JsonObject();
    if (projectId != null) {
      json.put("projectId", projectId.toString());
    }
    if (taskId != null) {
      json.put("taskId", taskId.toString());
    }
    if (jobId != null) {
      json.put("jobId", jobId);
    }
    if (agentId != null) {
      json.put("agentId", agentId.toString());
    }
    return json;
  }
}
