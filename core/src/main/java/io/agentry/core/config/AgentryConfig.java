package io.agentry.core.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
    ClusterSettings cluster) {

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
            cluster.getInteger("waitBeforeJoinSeconds")));
  }
}
