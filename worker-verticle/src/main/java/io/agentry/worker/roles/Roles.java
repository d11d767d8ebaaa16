package io.agentry.worker.roles;

import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.context.SharedContext;
import io.agentry.core.goals.GoalPhase;
import io.agentry.core.knowledge.ErrorGraph;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.memory.Embedder;
import io.agentry.core.memory.VectorMemory;
import io.agentry.core.node.NodeServices;
import io.agentry.core.tasks.TaskService;
import io.agentry.worker.agent.AgentRuntime;
import io.agentry.worker.handlers.HandlerRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * The four roles of the continuous loop, registered as job handlers under the job kinds the
 * director's goal loop enqueues ({@link GoalPhase#jobKind()}): architect {@code planning} and
 * {@code review}, coder {@code coding}, tester {@code testing}, debugger {@code debugging}.
 */
public final class Roles {

  private Roles() {}

  public static HandlerRegistry register(
      Vertx vertx, HandlerRegistry handlers, AgentRuntime runtime, NodeServices node) {
    LedgerStore ledger = LedgerStore.create(node.pg());
    AgentService agents = AgentService.create(node.pg(), ledger, FlapPolicy.defaults());
    Path dataDir = node.config().node().dataDir();
    RoleKit kit =
        new RoleKit(
            vertx,
            runtime,
            node.pg(),
            TaskService.create(node.pg(), ledger, agents),
            agents,
            ledger,
            ErrorGraph.create(node.pg()),
            VectorMemory.create(vertx, node.config(), Embedder.miniLm(vertx, dataDir)),
            SharedContext.create(node.pg(), ledger));
    CodeChanges changes = new CodeChanges(kit);
    RoleMemory memory = new RoleMemory(kit);
    ProjectContext context = new ProjectContext(kit);
    ArchitectRole architect = new ArchitectRole(kit, memory, context);
    CoderRole coder = new CoderRole(kit, changes, memory, context);
    TesterRole tester = new TesterRole(kit, changes, new TestRuns(kit), new FixOutcomes(kit));
    DebuggerRole debugger = new DebuggerRole(kit, changes, new KnownFixes(kit));
    return handlers
        .register(GoalPhase.PLANNING.jobKind(), architect::plan)
        .register(GoalPhase.REVIEWING.jobKind(), architect::review)
        .register(GoalPhase.CODING.jobKind(), coder::code)
        .register(GoalPhase.TESTING.jobKind(), tester::test)
        .register(GoalPhase.DEBUGGING.jobKind(), debugger::debug);
  }
}
