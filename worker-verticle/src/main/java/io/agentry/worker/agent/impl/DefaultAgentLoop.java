package io.agentry.worker.agent.impl;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.llm.ModelClient;
import io.agentry.worker.agent.AgentLoop;
import io.agentry.worker.agent.AgentStep;
import io.agentry.worker.agent.StepOutcome;
import io.agentry.worker.tools.ToolRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The {@link AgentLoop}: each step runs as straight-line code on a virtual thread of its own (model
 * calls, tool calls and ledger writes are awaited there), and its outcome completes on the caller's
 * context. A {@code null} job context is allowed for callers outside the queue (no cancellation).
 */
public final class DefaultAgentLoop implements AgentLoop {

  private final Vertx vertx;
  private final ModelClient models;
  private final ToolRegistry tools;
  private final LedgerStore ledger;

  public DefaultAgentLoop(Vertx vertx, ModelClient models, ToolRegistry tools, LedgerStore ledger) {
    this.vertx = vertx;
    this.models = models;
    this.tools = tools;
    this.ledger = ledger;
  }

  @Override
  public Future<StepOutcome> run(AgentStep step, JobContext job) {
    Context context = vertx.getOrCreateContext();
    Promise<StepOutcome> promise = Promise.promise();
    Thread.ofVirtual()
        .name("agent-step " + step.stepKey())
        .start(
            () -> {
              try {
                StepOutcome outcome = new StepRun(this, step, job).execute();
                context.runOnContext(v -> promise.complete(outcome));
              } catch (Throwable e) {
                context.runOnContext(v -> promise.fail(e));
              }
            });
    return promise.future();
  }

  Vertx vertx() {
    return vertx;
  }

  ModelClient models() {
    return models;
  }

  ToolRegistry tools() {
    return tools;
  }

  LedgerStore ledger() {
    return ledger;
  }
}
