package io.agentry.core.node.health;

import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.service.ServiceStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Liveness and readiness of a node, whatever its roles. Liveness: the process answers. Readiness:
 * every required service answers and the node is a cluster member.
 */
public final class HealthChecks {

  private final NodeServices node;

  public HealthChecks(NodeServices node) {
    this.node = node;
  }

  public HealthReport health() {
    JsonArray roles = new JsonArray();
    node.identity().roles().stream().sorted().map(NodeRole::id).forEach(roles::add);
    return new HealthReport(
        200,
        new JsonObject()
            .put("status", "UP")
            .put("nodeId", node.identity().id())
            .put("roles", roles));
  }

  /** Never fails: an unreachable service makes the report {@code NOT_READY} (503). */
  public Future<HealthReport> ready() {
    return node.probes().checkAll().map(this::readiness);
  }

  private HealthReport readiness(List<ServiceStatus> services) {
    boolean servicesUp =
        services.stream().allMatch(s -> s.up() || !node.probes().isRequired(s.name()));
    boolean joined = node.cluster().joined();
    boolean ready = servicesUp && joined;
    JsonObject body =
        new JsonObject()
            .put("status", ready ? "READY" : "NOT_READY")
            .put("nodeId", node.identity().id())
            .put(
                "cluster",
                new JsonObject()
                    .put("clustered", node.cluster().clustered())
                    .put("joined", joined)
                    .put("members", node.cluster().memberIds().size()))
            .put("services", new JsonArray(services.stream().map(ServiceStatus::toJson).toList()));
    return new HealthReport(ready ? 200 : 503, body);
  }
}
