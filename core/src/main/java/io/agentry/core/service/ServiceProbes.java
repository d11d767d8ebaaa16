package io.agentry.core.service;

import io.agentry.core.config.AgentryConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks that PostgreSQL, Redis and Chroma answer. Every check is bounded by a timeout and never
 * fails its future: a service that is down is reported as a {@link ServiceStatus} with the reason.
 */
public final class ServiceProbes {

  public static final String POSTGRES = "postgresql";
  public static final String REDIS = "redis";
  public static final String CHROMA = "chroma";

  private static final long TIMEOUT_MS = 3_000;

  private final AgentryConfig config;
  private final Pool pg;
  private final Redis redis;
  private final WebClient http;

  public ServiceProbes(AgentryConfig config, Pool pg, Redis redis, Vertx vertx) {
    this.config = config;
    this.pg = pg;
    this.redis = redis;
    this.http = WebClient.create(vertx);
  }

  public Future<List<ServiceStatus>> checkAll() {
    List<Future<ServiceStatus>> checks = new ArrayList<>();
    checks.add(postgres());
    checks.add(redis());
    checks.add(chroma());
    return Future.join(checks).map(done -> checks.stream().map(Future::result).toList());
  }

  /** Whether a service may be down without the node being unready. */
  public boolean isRequired(String name) {
    return !CHROMA.equals(name) || config.chroma().required();
  }

  public Future<ServiceStatus> postgres() {
    return probe(
        POSTGRES,
        config.postgres().describe(),
        () ->
            pg.query("SELECT current_setting('server_version') AS v")
                .execute()
                .map(rows -> "server " + rows.iterator().next().getString("v")));
  }

  public Future<ServiceStatus> redis() {
    return probe(
        REDIS,
        config.redis().url(),
        () -> redis.send(Request.cmd(Command.PING)).map(reply -> "ping " + reply));
  }

  public Future<ServiceStatus> chroma() {
    String url = config.chroma().url();
    return probe(
        CHROMA,
        url,
        () ->
            http.getAbs(url + "/api/v2/heartbeat")
                .timeout(TIMEOUT_MS)
                .send()
                .compose(
                    response ->
                        response.statusCode() == 200
                            ? Future.succeededFuture("v2 heartbeat ok")
                            : Future.failedFuture("HTTP " + response.statusCode())));
  }

  private Future<ServiceStatus> probe(String name, String target, Supplier<Future<String>> check) {
    long start = System.nanoTime();
    Future<String> attempt;
    try {
      attempt = check.get();
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    return attempt
        .timeout(TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(detail -> new ServiceStatus(name, target, true, detail, elapsed(start)))
        .otherwise(err -> new ServiceStatus(name, target, false, reason(err), elapsed(start)));
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static String reason(Throwable err) {
    String message = err.getMessage();
    return message == null || message.isBlank() ? err.getClass().getSimpleName() : message;
  }
}
