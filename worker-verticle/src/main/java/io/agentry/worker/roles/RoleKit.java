package io.agentry.worker.roles;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentService;
import io.agentry.core.context.SharedContext;
import io.agentry.core.knowledge.ErrorGraph;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.memory.VectorMemory;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskService;
import io.agentry.worker.agent.AgentRuntime;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the four roles share: the agent runtime (model client, tools, workspaces, agent loop), the
 * records they write (tasks, ledger, error graph, vector memory, shared context) and small helpers
 * around them.
 */
record RoleKit(
    Vertx vertx,
    AgentRuntime runtime,
    Pool pool,
    TaskService tasks,
    AgentService agents,
    LedgerStore ledger,
    ErrorGraph errors,
    VectorMemory memory,
    SharedContext context) {

  Future<Task> task(GoalJob job) {
    return tasks.get(job.taskId());
  }

  Future<Workspace> workspace(GoalJob job) {
    return runtime.workspaces().open(job.workspaceOwner(), job.taskId().toString());
  }

  /**
   * The tools a role may use for this goal: the role's own set, narrowed to the agent's allow-list
   * when the goal runs on an agent. Registered under a key of its own, which the step then uses.
   */
  Future<String> allowTools(GoalJob job, String role, Set<String> roleTools) {
    String key = "role:" + role + ":" + job.workspaceOwner();
    Future<Set<String>> allowed =
        job.agentId() == null
            ? Future.succeededFuture(roleTools)
            : agents.get(job.agentId()).map(agent -> narrowed(roleTools, agent));
    return allowed.map(
        names -> {
          runtime.tools().allow(key, names);
          return key;
        });
  }

  private static Set<String> narrowed(Set<String> roleTools, Agent agent) {
    Set<String> names = new LinkedHashSet<>(roleTools);
    names.retainAll(agent.config().allowedTools());
    return names;
  }

  Future<LedgerEvent> record(GoalJob job, String type, JsonObject payload) {
    return ledger.append(
        job.projectId(),
        Source.AGENT,
        null,
        type,
        payload.copy().put("taskId", job.taskId().toString()).put("jobId", job.jobId()));
  }
}
