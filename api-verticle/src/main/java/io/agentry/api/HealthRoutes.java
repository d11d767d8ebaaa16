package io.agentry.api;

import io.agentry.core.node.NodeServices;
import io.agentry.core.node.health.HealthChecks;
import io.agentry.core.node.health.HealthReport;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /health} answers while the process serves HTTP (liveness); {@code /ready} answers 200 only
 * when every required service is reachable and the node is a cluster member (readiness).
 */
final class HealthRoutes {

  private final HealthChecks checks;

  HealthRoutes(NodeServices node) {
    this.checks = new HealthChecks(node);
  }

  void mount(Router router) {
    router.get("/health").handler(ctx -> respond(ctx, checks.health()));
    router.get("/ready").handler(ctx -> checks.ready().onSuccess(report -> respond(ctx, report)));
  }

  private static void respond(RoutingContext ctx, HealthReport report) {
    ctx.response()
        .setStatusCode(report.status())
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(report.body().encode());
  }
}
