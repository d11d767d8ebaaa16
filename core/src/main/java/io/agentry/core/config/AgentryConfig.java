package io.agentry.core.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The typed configuration of one node, read once at start-up (defaults file, optional user file,
 * then environment) and passed down. Nothing below reads the environment itself.
 */
public record AgentryConfig(
    NodeSettings node,
    HttpSettings http,
    PostgresSettings postgres,
    RedisSettings redis,
    ChromaSettings chroma,
    ClusterSettings cluster,
    QueueSettings queue,
    WorkerSettings worker,
    ModelSettings models,
    SandboxSettings sandbox,
    ToolSettings tools) {

  public record NodeSettings(Path dataDir, int shutdownGraceSeconds) {}

  /**
   * @param rateLimitPerSecond requests per second one API key may make on average (token bucket)
   * @param rateLimitBurst requests one API key may make at once before the average applies
   */
  public record HttpSettings(
      String host, int port, boolean graphiql, int rateLimitPerSecond, int rateLimitBurst) {
    public String baseUrl() {
      return "http://" + host + ":" + port;
    }
  }

  /** The password comes from the environment only; {@link #toString()} never prints it. */
  public record PostgresSettings(
      String host, int port, String database, String user, String password, int poolSize) {
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String describe() {
      return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  public record RedisSettings(String host, int port) {
    public String url() {
      return "redis://" + host + ":" + port;
    }
  }

  /**
   * The Chroma server (v2 REST API). Agentry keeps its data in the Chroma tenant {@code tenant}
   * (one Chroma database per Agentry tenant, see docs/adr/0004); every request is bounded by {@code
   * timeoutMs}.
   */
  public record ChromaSettings(String url, boolean required, String tenant, int timeoutMs) {}

  /**
   * Hazelcast settings. {@code configFile} (a Hazelcast XML) wins over the built-in TCP-IP setup
   * made from {@code host}, {@code port} and {@code members}. Only nodes with the same {@code name}
   * form a cluster.
   */
  public record ClusterSettings(
      String name,
      String configFile,
      String host,
      int port,
      String members,
      int heartbeatIntervalSeconds,
      int maxNoHeartbeatSeconds,
      int waitBeforeJoinSeconds) {
    public List<String> memberList() {
      return Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
    }
  }

  /**
   * The job queue's timings. A crashed worker's job runs again after at most {@code leaseTtlSeconds
   * + reaperIntervalMs} (sooner when the cluster sees the node leave); a grant not acknowledged
   * within {@code ackTimeoutMs} counts as lost, and a lease claimed with {@code JobStore.claim} but
   * not started by then returns to the queue without burning an attempt. {@code
   * dropDispatchMessages} is a fault-injection switch for tests: every grant message on the event
   * bus is dropped, and jobs must still finish through the database.
   */
  public record QueueSettings(
      int leaseTtlSeconds,
      int heartbeatIntervalMs,
      int ackTimeoutMs,
      int reaperIntervalMs,
      int pollIntervalMs,
      int dispatchBatch,
      int retryBaseMs,
      double retryFactor,
      int retryCapMs,
      double retryJitter,
      int leaderLeaseSeconds,
      int leaderRenewMs,
      boolean dropDispatchMessages,
      String roleLimits) {
    public Duration leaseTtl() {
      return Duration.ofSeconds(leaseTtlSeconds);
    }

    public Duration ackTimeout() {
      return Duration.ofMillis(ackTimeoutMs);
    }

    public Map<String, Integer> roleLimitMap() {
      return RoleCounts.parse("queue.roleLimits", roleLimits, 0);
    }
  }

  /** Worker pools of a node: {@code role=capacity,...}, e.g. {@code coder=4,tester=2}. */
  public record WorkerSettings(String pools) {
    public Map<String, Integer> poolCapacities() {
      return RoleCounts.parse("worker.pools", pools, 1);
    }
  }

  /**
   * Model providers, routing and call limits; parsed into working objects by {@code
   * io.agentry.core.llm.ModelCatalog}. Lists are comma-separated: {@code providers} as {@code
   * name=baseUrl}, {@code apiKeyEnv} as {@code provider=ENV_VAR} (the key is read from that
   * variable once at start-up), {@code routes} as {@code role:min-max=provider/model} ({@code *}
   * for any role; the first matching rule wins), {@code prices} as {@code
   * provider/model=input:output} in USD per million tokens. Retries back off from {@code
   * retryBaseMs} by {@code retryFactor} up to {@code retryCapMs}; a {@code Retry-After} longer than
   * {@code maxRetryAfterMs} is not waited for. A provider whose base URL is {@code replay:LOCATION}
   * answers from a recorded run instead of a model ({@code io.agentry.core.llm.replay.Replays});
   * {@code recordTo}, when set, is a file every answered call is recorded to. The active director
   * releases budget holds of calls that never settled (their node died mid-call) every {@code
   * abandonedReleaseIntervalMs}, once they are {@code abandonedAfterSeconds} old; that age must
   * exceed the longest a live call can take ({@code maxAttempts} timeouts plus the waits between
   * them), because a released call's late settlement is ignored.
   */
  public record ModelSettings(
      String providers,
      String apiKeyEnv,
      String routes,
      String prices,
      int maxTokens,
      int timeoutMs,
      int connectTimeoutMs,
      int maxAttempts,
      int retryBaseMs,
      double retryFactor,
      int retryCapMs,
      int maxRetryAfterMs,
      boolean cacheEnabled,
      int cacheTtlSeconds,
      String recordTo,
      int abandonedReleaseIntervalMs,
      int abandonedAfterSeconds) {}

  /**
   * The sandbox policy for commands run on behalf of agents. It comes only from here: nothing in a
   * workspace can change it. When the node runs as root, sandboxed commands run as {@code uid}/
   * {@code gid} (limits such as the process count do not bind root); otherwise as the node's own
   * unprivileged user. Limits are per command: {@code cpuSeconds} per process, {@code fileSizeMb}
   * per written file, {@code tmpSizeMb} for the private /tmp (and again for /dev/shm), {@code
   * memoryMb} for the memory cgroup (when the machine lets the node create one), {@code
   * maxOutputBytes} per stream.
   */
  public record SandboxSettings(
      String bwrapPath,
      int uid,
      int gid,
      String path,
      int timeoutSeconds,
      int cpuSeconds,
      int fileSizeMb,
      int openFiles,
      int processes,
      int tmpSizeMb,
      int memoryMb,
      int maxOutputBytes) {}

  /**
   * Tool settings. {@code approvalPolicy} is {@code never}, {@code dangerous}, {@code risky} or
   * {@code always}; {@code webSearchUrl} is the DuckDuckGo HTML endpoint (or a compatible one). The
   * SMTP password and the git token come from the environment only ({@code
   * AGENTRY_TOOLS_SMTP_PASSWORD}, {@code AGENTRY_TOOLS_GIT_TOKEN}); {@link #toString()} never
   * prints them.
   */
  public record ToolSettings(
      String approvalPolicy,
      String webSearchUrl,
      int webSearchMaxResults,
      int httpTimeoutMs,
      String smtpHost,
      int smtpPort,
      String smtpFrom,
      String smtpUser,
      String smtpPassword,
      String gitUser,
      String gitToken) {
    @Override
    public String toString() {
      return "ToolSettings[approvalPolicy="
          + approvalPolicy
          + ", webSearchUrl="
          + webSearchUrl
          + ", smtp="
          + smtpHost
          + ":"
          + smtpPort
          + "]";
    }
  }

  static AgentryConfig fromJson(JsonObject json) {
    JsonObject node = json.getJsonObject("node");
    JsonObject http = json.getJsonObject("http");
    JsonObject pg = json.getJsonObject("postgres");
    JsonObject redis = json.getJsonObject("redis");
    JsonObject chroma = json.getJsonObject("chroma");
    JsonObject cluster = json.getJsonObject("cluster");
    return new AgentryConfig(
        new NodeSettings(
            Path.of(node.getString("dataDir")), node.getInteger("shutdownGraceSeconds")),
        new HttpSettings(
            http.getString("host"),
            http.getInteger("port"),
            http.getBoolean("graphiql"),
            http.getInteger("rateLimitPerSecond"),
            http.getInteger("rateLimitBurst")),
        new PostgresSettings(
            pg.getString("host"),
            pg.getInteger("port"),
            pg.getString("database"),
            pg.getString("user"),
            pg.getString("password"),
            pg.getInteger("poolSize")),
        new RedisSettings(redis.getString("host"), redis.getInteger("port")),
        new ChromaSettings(
            chroma.getString("url"),
            chroma.getBoolean("required"),
            chroma.getString("tenant"),
            chroma.getInteger("timeoutMs")),
        new ClusterSettings(
            cluster.getString("name"),
            cluster.getString("configFile"),
            cluster.getString("host"),
            cluster.getInteger("port"),
            cluster.getString("members"),
            cluster.getInteger("heartbeatIntervalSeconds"),
            cluster.getInteger("maxNoHeartbeatSeconds"),
            cluster.getInteger("waitBeforeJoinSeconds")),
        queue(json.getJsonObject("queue")),
        new WorkerSettings(json.getJsonObject("worker").getString("pools")),
        models(json.getJsonObject("models")),
        sandbox(json.getJsonObject("sandbox")),
        tools(json.getJsonObject("tools")));
  }

  private static SandboxSettings sandbox(JsonObject s) {
    return new SandboxSettings(
        s.getString("bwrapPath"),
        s.getInteger("uid"),
        s.getInteger("gid"),
        s.getString("path"),
        s.getInteger("timeoutSeconds"),
        s.getInteger("cpuSeconds"),
        s.getInteger("fileSizeMb"),
        s.getInteger("openFiles"),
        s.getInteger("processes"),
        s.getInteger("tmpSizeMb"),
        s.getInteger("memoryMb"),
        s.getInteger("maxOutputBytes"));
  }

  private static ToolSettings tools(JsonObject t) {
    return new ToolSettings(
        t.getString("approvalPolicy"),
        t.getString("webSearchUrl"),
        t.getInteger("webSearchMaxResults"),
        t.getInteger("httpTimeoutMs"),
        t.getString("smtpHost"),
        t.getInteger("smtpPort"),
        t.getString("smtpFrom"),
        t.getString("smtpUser"),
        t.getString("smtpPassword"),
        t.getString("gitUser"),
        t.getString("gitToken"));
  }

  private static ModelSettings models(JsonObject m) {
    return new ModelSettings(
        m.getString("providers"),
        m.getString("apiKeyEnv"),
        m.getString("routes"),
        m.getString("prices"),
        m.getInteger("maxTokens"),
        m.getInteger("timeoutMs"),
        m.getInteger("connectTimeoutMs"),
        m.getInteger("maxAttempts"),
        m.getInteger("retryBaseMs"),
        m.getDouble("retryFactor"),
        m.getInteger("retryCapMs"),
        m.getInteger("maxRetryAfterMs"),
        m.getBoolean("cacheEnabled"),
        m.getInteger("cacheTtlSeconds"),
        m.getString("recordTo"),
        m.getInteger("abandonedReleaseIntervalMs"),
        m.getInteger("abandonedAfterSeconds"));
  }

  private static QueueSettings queue(JsonObject q) {
    return new QueueSettings(
        q.getInteger("leaseTtlSeconds"),
        q.getInteger("heartbeatIntervalMs"),
        q.getInteger("ackTimeoutMs"),
        q.getInteger("reaperIntervalMs"),
        q.getInteger("pollIntervalMs"),
        q.getInteger("dispatchBatch"),
        q.getInteger("retryBaseMs"),
        q.getDouble("retryFactor"),
        q.getInteger("retryCapMs"),
        q.getDouble("retryJitter"),
        q.getInteger("leaderLeaseSeconds"),
        q.getInteger("leaderRenewMs"),
        q.getBoolean("dropDispatchMessages"),
        q.getString("roleLimits"));
  }
}
