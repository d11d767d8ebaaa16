package io.agentry.worker.agent;

import io.agentry.core.jobs.JobContext;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.llm.ModelClient;
import io.agentry.worker.agent.impl.DefaultAgentLoop;
import io.agentry.worker.tools.ToolRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Runs one step of an agent for one job: ask the model (streaming, with the tool schemas), run the
 * tools it calls, record every turn, call and observation in the project ledger, and repeat until
 * the model answers without tool calls, calls a finish tool, loops (STUCK) or reaches its turn
 * limit. A step whose key already has events in the ledger resumes from them: recorded turns are
 * not asked again and observed calls are not run again (see {@link StepEvents}).
 *
 * <p>Failures: a tool call that needs a person's approval fails the future with {@link
 * io.agentry.core.jobs.AwaitingApprovalException} (the worker parks the job; the re-run after the
 * verdict continues with that call); model failures propagate as they are ({@code BUDGET_EXCEEDED},
 * {@code MODEL_UNAVAILABLE}, …); a cancelled job stops between calls.
 */
public interface AgentLoop {

  static AgentLoop create(Vertx vertx, ModelClient models, ToolRegistry tools, LedgerStore ledger) {
    return new DefaultAgentLoop(vertx, models, tools, ledger);
  }

  Future<StepOutcome> run(AgentStep step, JobContext job);
}
