package io.agentry.core.node.health;

import io.agentry.core.node.NodeServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code /health}, {@code /ready} and {@code /metrics} for nodes without the api role (e.g. worker
 * pods), so that orchestrators can probe and scrape every node. The api role serves the same paths
 * next to GraphQL.
 */
public final class HealthServerVerticle extends VerticleBase {

  private final NodeServices node;
  private final HealthChecks checks;
  private HttpServer server;

  public HealthServerVerticle(NodeServices node) {
    this.node = node;
    this.checks = new HealthChecks(node);
  }

  @Override
  public Future<?> start() {
    var http = node.config().http();
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(http.host()).setPort(http.port()))
        .requestHandler(this::handle)
        .listen()
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/health" -> respond(request, checks.health());
      case "/ready" -> checks.ready().onSuccess(report -> respond(request, report));
      case "/metrics" ->
          request
              .response()
              .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
              .end(node.metrics().scrape());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void respond(HttpServerRequest request, HealthReport report) {
    request
        .response()
        .setStatusCode(report.status())
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(report.body().encode());
  }
}
