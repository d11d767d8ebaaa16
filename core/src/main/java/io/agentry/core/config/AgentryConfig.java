package io.agentry.core.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    WorkerSettings worker) {

  public record NodeSettings(Path dataDir, int shutdownGraceSeconds) {}

  public record HttpSettings(String host, int port, boolean graphiql) {
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

  public record ChromaSettings(String url, boolean required) {}

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
   * + reaperIntervalMs} (sooner when the cluster sees the node leave); a dispatch not acknowledged
   * within {@code ackTimeoutMs} returns to the queue without burning an attempt. {@code
   * dropDispatchMessages} is a fault-injection switch for tests: every dispatch message on the
   * event bus is dropped, and jobs must still finish through the database.
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
      boolean dropDispatchMessages) {
    public Duration leaseTtl() {
      return Duration.ofSeconds(leaseTtlSeconds);
    }

    public Duration ackTimeout() {
      return Duration.ofMillis(ackTimeoutMs);
    }
  }

  /** Worker pools of a node: {@code role=capacity,...}, e.g. {@code coder=4,tester=2}. */
  public record WorkerSettings(String pools) {
    public Map<String, Integer> poolCapacities() {
      Map<String, Integer> capacities = new LinkedHashMap<>();
      for (String entry : pools.split(",")) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] parts = trimmed.split("=");
        if (parts.length != 2) {
          throw new ConfigException("worker.pools: '" + trimmed + "' is not role=capacity");
        }
        try {
          int capacity = Integer.parseInt(parts[1].trim());
          if (capacity < 1) {
            throw new NumberFormatException();
          }
          capacities.put(parts[0].trim(), capacity);
        } catch (NumberFormatException e) {
          throw new ConfigException(
              "worker.pools: capacity of '" + parts[0].trim() + "' must be a positive integer");
        }
      }
      return capacities;
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
            http.getString("host"), http.getInteger("port"), http.getBoolean("graphiql")),
        new PostgresSettings(
            pg.getString("host"),
            pg.getInteger("port"),
            pg.getString("database"),
            pg.getString("user"),
            pg.getString("password"),
            pg.getInteger("poolSize")),
        new RedisSettings(redis.getString("host"), redis.getInteger("port")),
        new ChromaSettings(chroma.getString("url"), chroma.getBoolean("required")),
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
        new WorkerSettings(json.getJsonObject("worker").getString("pools")));
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
        q.getBoolean("dropDispatchMessages"));
  }
}
