package io.agentry.worker.pool;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.AgentStatus;
import io.agentry.core.jobs.AwaitingApprovalException;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.NonRetryableJobException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an agent's jobs under its lifecycle: a job of a paused agent waits (retried later), one of a
 * stopped, disabled or deleted agent does not run, and a failed attempt is a crash of the agent,
 * which restarts it or, past its flap policy, disables it. Waiting for approval is not a crash.
 * Jobs without an {@code agentId} in their payload run as they are.
 */
final class AgentSupervision {

  private static final Logger LOG = LoggerFactory.getLogger(AgentSupervision.class);

  private final AgentService agents;

  AgentSupervision(AgentService agents) {
    this.agents = agents;
  }

  Future<JsonObject> run(Job job, Supplier<Future<JsonObject>> handler) {
    String agentId = job.payload().getString("agentId");
    if (agentId == null) {
      return handler.get();
    }
    UUID id;
    try {
      id = UUID.fromString(agentId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          new NonRetryableJobException("agentId '" + agentId + "' is not a UUID"));
    }
    return agents.get(id).compose(agent -> runAs(agent, handler));
  }

  private Future<JsonObject> runAs(Agent agent, Supplier<Future<JsonObject>> handler) {
    AgentStatus status = agent.status();
    if (status == AgentStatus.PAUSED) {
      return Future.failedFuture(new IllegalStateException("agent " + agent.name() + " is paused"));
    }
    if (status != AgentStatus.RUNNING) {
      return Future.failedFuture(
          new NonRetryableJobException(
              "agent " + agent.name() + " is " + status.name().toLowerCase()));
    }
    return handler
        .get()
        .onFailure(
            err -> {
              if (!(err instanceof AwaitingApprovalException)) {
                recordCrash(agent, err);
              }
            });
  }

  private void recordCrash(Agent agent, Throwable err) {
    agents
        .recordCrash(agent.id(), Instant.now())
        .onSuccess(
            after ->
                LOG.info(
                    "agent {} crashed: {}; now {}", agent.name(), err.getMessage(), after.status()))
        .onFailure(
            e ->
                LOG.warn("could not record the crash of agent {}: {}", agent.name(), e.toString()));
  }
}
