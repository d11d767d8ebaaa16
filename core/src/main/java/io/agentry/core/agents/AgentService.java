package io.agentry.core.agents;

import io.agentry.core.agents.pg.PgAgentService;
import io.agentry.core.ledger.LedgerStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Agent definitions and their lifecycle.
 *
 * <p>Every change is one transaction that locks the agent's row ({@code FOR UPDATE}), so concurrent
 * lifecycle calls on one agent are serialised and each sees the other's result. When the agent
 * belongs to a project, the change appends a ledger event ({@code AgentCreated}, {@code
 * AgentStarted}, {@code AgentCrashed}, ...; payload {@code agentId}, {@code from}, {@code to}) in
 * the same transaction. Tenant-wide agents ({@code projectId == null}) have no ledger to write to;
 * their history is the row itself ({@code updated_at}, {@code restart_count}, crashes).
 *
 * <p>Ledger sources: calls made on behalf of a person (create, update, delete, start, stop, pause,
 * resume) are recorded as {@code USER}; crash handling as {@code SYSTEM}.
 *
 * <p>Errors: {@code BAD_USER_INPUT} (invalid field, named in the message; duplicate name), {@code
 * NOT_FOUND} (no such agent, tenant or project), {@code ILLEGAL_STATE} (the action is not allowed
 * in the agent's current status, see {@link AgentAction}).
 */
public interface AgentService {

  static AgentService create(Pool pool, LedgerStore ledger, FlapPolicy flapPolicy) {
    return PgAgentService.create(pool, ledger, flapPolicy);
  }

  Future<Agent> create(NewAgent agent);

  /** The agent, also when deleted; {@code NOT_FOUND} if it never existed. */
  Future<Agent> get(UUID agentId);

  /** A tenant's agents that are not deleted, oldest first. */
  Future<List<Agent>> list(UUID tenantId);

  /** Changes the definition in any status but {@code deleted}. */
  Future<Agent> update(UUID agentId, AgentUpdate update);

  /** Soft delete: the row stays, marked {@code deleted}; its name becomes free again. */
  Future<Agent> delete(UUID agentId);

  Future<Agent> start(UUID agentId);

  Future<Agent> stop(UUID agentId);

  Future<Agent> pause(UUID agentId);

  Future<Agent> resume(UUID agentId);

  /**
   * Records that a running agent crashed at {@code now} and reacts at once, per the {@link
   * FlapPolicy}: with fewer than {@code maxCrashes} crashes inside the window the agent is
   * restarted ({@code running}, {@code restartCount + 1}); otherwise it becomes {@code
   * disabled_flapping} and stays so until someone starts it again. Both steps are in the ledger
   * ({@code AgentCrashed}, then {@code AgentRestarted} or {@code AgentDisabledFlapping} citing the
   * crash as its cause).
   *
   * @return the agent after the reaction
   */
  Future<Agent> recordCrash(UUID agentId, Instant now);

  /**
   * Complexity-based assignment: a running agent of the tenant that holds {@code role} and whose
   * complexity range covers {@code complexity}, the least loaded first (fewest assigned tasks not
   * yet completed, failed or cancelled), ties broken by age (oldest first). Empty if none fits.
   */
  Future<Optional<Agent>> findAvailableFor(UUID tenantId, AgentRole role, int complexity);

  /**
   * As {@link #findAvailableFor(UUID, AgentRole, int)}, inside the caller's transaction, holding a
   * share lock on the chosen agent until it ends, so the agent cannot be paused, stopped or deleted
   * before the caller's assignment commits. Load balancing is best-effort: two transactions running
   * at once may pick the same agent.
   */
  Future<Optional<Agent>> findAvailableFor(
      SqlConnection tx, UUID tenantId, AgentRole role, int complexity);

  /**
   * Reads the agent inside the caller's transaction and holds a share lock on it until the
   * transaction ends (its lifecycle cannot change meanwhile). {@code NOT_FOUND} if missing.
   */
  Future<Agent> lockShared(SqlConnection tx, UUID agentId);
}
