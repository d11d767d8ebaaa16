package io.agentry.core.bus;

import io.agentry.core.node.NodeRole;

/** Every event-bus address in one place. Roles and the api talk only through these. */
public final class Addresses {

  private static final String PREFIX = "agentry.";

  /** Cluster-wide map of {@link io.agentry.core.node.NodeIdentity} by node id. */
  public static final String NODE_REGISTRY_MAP = PREFIX + "nodes";

  /** Workers publish {@link io.agentry.core.jobs.bus.WorkerReport}s here; directors listen. */
  public static final String WORKER_REPORTS = PREFIX + "director.worker-reports";

  /**
   * Streamed model tokens, published for live activity feeds: a JSON body with {@code callId},
   * {@code seq} (0, 1, 2, … per call), {@code delta} (the text piece) and, when known, {@code
   * projectId}, {@code taskId}, {@code jobId} and {@code agentId}.
   */
  public static final String MODEL_TOKENS = PREFIX + "model.tokens";

  /**
   * Live agent activity, published cluster-wide by workers as it happens (the ledger keeps the
   * durable record): a JSON body with {@code projectId}, {@code taskId}, {@code jobId}, {@code
   * agentId}, {@code role}, {@code kind} ({@code monologue}, {@code tool_call}, {@code
   * tool_result}, {@code command_output}, {@code status}), {@code text}, optional {@code tool} and
   * {@code data}, and {@code at} (epoch millis).
   */
  public static final String AGENT_ACTIVITY = PREFIX + "agent.activity";

  /**
   * Goal and task progress published cluster-wide by the director's goal loop after each committed
   * change: {@code projectId}, {@code taskId}, {@code status}, {@code stage}, {@code progress},
   * {@code currentStep}.
   */
  public static final String TASK_PROGRESS = PREFIX + "task.progress";

  /**
   * An API key was revoked (published cluster-wide after the revocation committed): a JSON body
   * with {@code keyId}. Every api node drops the key from its authentication cache at once.
   */
  public static final String API_KEY_REVOKED = PREFIX + "api.key-revoked";

  private static final String WORKER_PREFIX = PREFIX + "worker.";
  private static final String DISPATCH_SUFFIX = ".dispatch";

  /**
   * Each api node bridges the ledger's PostgreSQL NOTIFY to this node-local address: a committed
   * event as JSON ({@code projectId}, {@code seq}, {@code source}, {@code causeSeq}, {@code type},
   * {@code payload}, {@code createdAt}). Local only: every api node listens to PostgreSQL itself,
   * so an event appended on any node reaches every api node exactly once.
   */
  public static String ledgerEvents(java.util.UUID projectId) {
    return PREFIX + "api.ledger." + projectId;
  }

  /** Node-local: the api's NOTIFY listener reconnected and may have missed events; re-read. */
  public static final String LEDGER_RESYNC = PREFIX + "api.ledger.resync";

  private Addresses() {}

  /** Where the director sends {@link io.agentry.core.jobs.bus.Grant}s for one worker node. */
  public static String workerDispatch(String nodeId) {
    return WORKER_PREFIX + nodeId + DISPATCH_SUFFIX;
  }

  public static boolean isWorkerDispatch(String address) {
    return address.startsWith(WORKER_PREFIX) && address.endsWith(DISPATCH_SUFFIX);
  }

  /** Any node running {@code role} answers a ping here; used for cluster diagnostics. */
  public static String rolePing(NodeRole role) {
    return PREFIX + "role." + role.id() + ".ping";
  }
}
