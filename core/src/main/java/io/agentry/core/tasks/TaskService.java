package io.agentry.core.tasks;

import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentService;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.tasks.pg.PgTaskService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Tasks: creation, assignment to agents, progress and status.
 *
 * <p>Every change is one transaction that locks the task's row and appends a ledger event to the
 * task's project in the same transaction: {@code TaskCreated}, {@code TaskAssigned}, {@code
 * TaskProgress}, {@code TaskPlanUpdated}, {@code TaskStatusChanged} (also for complete, fail and
 * cancel). Payloads carry {@code taskId}. Ledger sources: create and cancel are {@code USER};
 * progress and plan updates come from the working agent ({@code AGENT}); assignment and status
 * moves are the director's ({@code SYSTEM}).
 *
 * <p>Errors: {@code BAD_USER_INPUT} (invalid field, named; an agent whose complexity range does not
 * cover the task), {@code NOT_FOUND} (task, project, parent or agent missing or in another
 * tenant/project), {@code ILLEGAL_STATE} (a move not in {@link TaskStatus}'s table, a change to a
 * finished task, a deleted agent), {@code UNAVAILABLE} (no running agent fits).
 */
public interface TaskService {

  /** Largest page {@link #list} returns. */
  int MAX_PAGE = 1000;

  static TaskService create(Pool pool, LedgerStore ledger, AgentService agents) {
    return PgTaskService.create(pool, ledger, agents);
  }

  /** Creates a {@code pending} task in the {@code design} stage. */
  Future<Task> create(NewTask task);

  /** As {@link #create(NewTask)}, inside the caller's transaction (e.g. with its first job). */
  Future<Task> create(SqlConnection tx, NewTask task);

  Future<Task> get(UUID taskId);

  /**
   * A project's tasks, highest priority first, then oldest.
   *
   * @param statuses only these statuses; empty means all
   */
  Future<List<Task>> list(UUID projectId, Set<TaskStatus> statuses, int limit);

  /**
   * Complexity-based assignment: gives the task to the least-loaded running agent of its tenant
   * that holds {@code role} and covers its complexity ({@link AgentService#findAvailableFor}).
   * {@code UNAVAILABLE} when none does. Replaces an earlier assignment.
   */
  Future<Task> assign(UUID taskId, AgentRole role);

  /**
   * Gives the task to a chosen agent of its tenant, whatever its load or status (it works on the
   * task once running), unless the agent is deleted ({@code ILLEGAL_STATE}) or its complexity range
   * does not cover the task ({@code BAD_USER_INPUT}).
   */
  Future<Task> assignTo(UUID taskId, UUID agentId);

  /** As {@link #assignTo(UUID, UUID)}, inside the caller's transaction. */
  Future<Task> assignTo(SqlConnection tx, UUID taskId, UUID agentId);

  /**
   * Reports progress of an unfinished task.
   *
   * @param progress percent of {@code stage} done, 0..100
   * @param currentStep what is being done now, e.g. "Writing the login endpoint"; {@code null}
   *     keeps the current one
   */
  Future<Task> updateProgress(UUID taskId, TaskStage stage, int progress, String currentStep);

  /** Replaces the plan of an unfinished task. */
  Future<Task> updatePlan(UUID taskId, JsonObject plan);

  /** Moves the task along an edge of {@link TaskStatus}'s table. */
  Future<Task> transition(UUID taskId, TaskStatus to);

  /** Moves the task to {@code completed} with its result; the stage becomes complete at 100 %. */
  Future<Task> complete(UUID taskId, JsonObject result);

  /** Moves the task to {@code failed}, keeping why. */
  Future<Task> fail(UUID taskId, String error);

  /** Moves the task to {@code cancelled}; {@code reason} goes to the ledger. */
  Future<Task> cancel(UUID taskId, String reason);
}
