package io.agentry.core.goals;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The contract between whoever asks for a checkpoint or a rollback of a goal's workspace (the API)
 * and the worker that does it: a goal's git workspace lives on worker nodes, so both are jobs of
 * the {@value #ROLE} pool, kinds {@value #CHECKPOINT_KIND} and {@value #ROLLBACK_KIND}, with the
 * payloads built here.
 *
 * <p>A checkpoint is a git tag {@code checkpoint/<name>} on the workspace plus a {@code
 * checkpoints} row whose {@code ledger_seq} is the seq of the {@value #CREATED_EVENT} event. A
 * rollback is a new commit restoring a checkpoint's files, recorded as {@value #ROLLED_BACK_EVENT}.
 */
public final class CheckpointJobs {

  public static final String ROLE = "coder";
  public static final String CHECKPOINT_KIND = "checkpoint";
  public static final String ROLLBACK_KIND = "rollback";

  public static final String CREATED_EVENT = "CheckpointCreated";
  public static final String ROLLED_BACK_EVENT = "CheckpointRolledBack";

  /** Payload fields. */
  public static final String TASK_ID = "taskId";

  public static final String AGENT_ID = "agentId";
  public static final String CHECKPOINT_ID = "checkpointId";
  public static final String NAME = "name";
  public static final String REASON = "reason";
  public static final String REQUESTED_BY = "requestedBy";

  public static final int MAX_NAME = 200;
  public static final int MAX_REASON = 2_000;

  /** A git tag name component: no spaces, no {@code ..}, no {@code ~^:?*[\}. */
  private static final Pattern NAME_FORMAT =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME - 1) + "}");

  private CheckpointJobs() {}

  /**
   * A checkpoint name as given, if usable as a git tag; otherwise {@code BAD_USER_INPUT}: 1 to 200
   * letters, digits, {@code . _ -}, starting with a letter or digit, without {@code ..} and not
   * ending in {@code .} or {@code .lock}.
   */
  public static String requireName(String name) {
    if (name == null
        || !NAME_FORMAT.matcher(name).matches()
        || name.contains("..")
        || name.endsWith(".")
        || name.endsWith(".lock")) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          "name must be 1 to "
              + MAX_NAME
              + " letters, digits, '.', '_' or '-', starting with a letter or digit, without"
              + " '..' and not ending in '.' or '.lock'");
    }
    return name;
  }

  /** A reason as given (null: none), or {@code BAD_USER_INPUT} when too long. */
  public static String requireReason(String reason) {
    if (reason != null && reason.length() > MAX_REASON) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "reason must be at most " + MAX_REASON + " characters");
    }
    return reason;
  }

  /**
   * @param checkpointId the id the new {@code checkpoints} row gets (chosen by the caller, so that
   *     a re-run of the job recognises its own row)
   * @param agentId whose workspace holds the goal: the goal's agent, or null for {@code goal}
   * @param requestedBy who asked, e.g. {@code apikey:<id>}
   */
  public static JsonObject checkpointPayload(
      UUID taskId, UUID agentId, UUID checkpointId, String name, String requestedBy) {
    return base(taskId, agentId, requestedBy)
        .put(CHECKPOINT_ID, checkpointId.toString())
        .put(NAME, requireName(name));
  }

  public static JsonObject rollbackPayload(
      UUID taskId, UUID agentId, UUID checkpointId, String reason, String requestedBy) {
    return base(taskId, agentId, requestedBy)
        .put(CHECKPOINT_ID, checkpointId.toString())
        .put(REASON, requireReason(reason));
  }

  /** The key of a goal's workspace: its agent's id, or {@code goal} for a director-run goal. */
  public static String workspaceOwner(UUID agentId) {
    return agentId == null ? "goal" : agentId.toString();
  }

  private static JsonObject base(UUID taskId, UUID agentId, String requestedBy) {
    JsonObject payload = new JsonObject().put(TASK_ID, taskId.toString());
    if (agentId != null) {
      payload.put(AGENT_ID, agentId.toString());
    }
    return payload.put(REQUESTED_BY, requestedBy == null ? "" : requestedBy);
  }
}
