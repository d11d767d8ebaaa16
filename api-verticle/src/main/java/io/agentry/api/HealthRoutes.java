package io.agentry.api;

import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.service.ServiceStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /health} answers while the process serves HTTP (liveness); {@code /ready} answers 200 only
 * when every required service is reachable and the node is a cluster member (readiness).
 */
final class HealthRoutes {

  private final NodeServices node;

  HealthRoutes(NodeServices node) {
    this.node = node;
  }

  void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
  }

  private void health(RoutingContext ctx) {
    JsonArray roles = new JsonArray();
    node.identity().roles().stream().sorted().map(NodeRole::id).forEach(roles::add);
    json(
        ctx,
        200,
        new JsonObject()
            .put("status", "UP")
            .put("nodeId", node.identity().id())
            .put("roles", roles));
  }

  private void ready(RoutingContext ctx) {
    node.probes()
        .checkAll()
        .onComplete(
            done -> {
              List<ServiceStatus> services = done.result();
              boolean servicesUp =
                  services.stream().allMatch(s -> s.up() || !node.probes().isRequired(s.name()));
              boolean joined = node.cluster().joined();
              JsonObject body =
                  new JsonObject()
                      .put("status", servicesUp && joined ? "READY" : "NOT_READY")
                      .put("nodeId", node.identity().id())
                      .put(
                          "cluster",
                          new JsonObject()
                              .put("clustered", node.cluster().clustered())
                              .put("joined", joined)
                              .put("members", node.cluster().memberIds().size()))
                      .put(
                          "services",
                          new JsonArray(services.stream().map(ServiceStatus::toJson).toList()));
              json(ctx, servicesUp && joined ? 200 : 503, body);
            });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
