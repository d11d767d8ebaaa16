package io.agentry.api.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.agentry.api.events.ClusterStatusFeed;
import io.agentry.api.events.LiveStream;
import io.agentry.api.events.WorkerPools;
import io.agentry.core.bus.Addresses;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.service.ServiceStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Queries about the node and the cluster: membership, services, worker capacity. */
final class NodeDataFetchers {

  static final long PING_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final NodeServices node;
  private final WorkerPools workerPools;
  private final ClusterStatusFeed clusterStatus;

  NodeDataFetchers(
      Vertx vertx, NodeServices node, WorkerPools workerPools, ClusterStatusFeed clusterStatus) {
    this.vertx = vertx;
    this.node = node;
    this.workerPools = workerPools;
    this.clusterStatus = clusterStatus;
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher("node", env -> toGraphQL(node.identity()))
                .dataFetcher("clusterNodes", clusterNodes())
                .dataFetcher("services", services())
                .dataFetcher("clusterPing", clusterPing())
                .dataFetcher("workerPools", env -> workerPools.live().toCompletionStage()));
    wiring.type(
        "Subscription",
        type ->
            type.dataFetcher(
                "clusterStatus",
                env -> new LiveStream<ClusterStatusFeed.Status>(vertx, clusterStatus::listen)));
    wiring.type(
        "ClusterStatus",
        type ->
            type.dataFetcher(
                "nodes",
                env ->
                    env.<ClusterStatusFeed.Status>getSource().nodes().stream()
                        .map(this::toGraphQL)
                        .toList()));
  }

  private DataFetcher<Object> clusterNodes() {
    return env ->
        node.registry()
            .liveNodes()
            .map(nodes -> nodes.stream().map(this::toGraphQL).toList())
            .toCompletionStage();
  }

  private DataFetcher<Object> services() {
    return env ->
        node.probes()
            .checkAll()
            .map(all -> all.stream().map(NodeDataFetchers::toGraphQL).toList())
            .toCompletionStage();
  }

  private DataFetcher<Object> clusterPing() {
    return env -> {
      NodeRole role = NodeRole.parse(env.getArgument("role"));
      long start = System.nanoTime();
      Future<Map<String, Object>> reply =
          vertx
              .eventBus()
              .<JsonObject>request(
                  Addresses.rolePing(role),
                  new JsonObject().put("from", node.identity().id()),
                  new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS))
              .map(
                  message -> {
                    Map<String, Object> result = new LinkedHashMap<>(message.body().getMap());
                    result.put("role", role.name());
                    result.put("roundTripMs", (System.nanoTime() - start) / 1e6);
                    return result;
                  });
      return reply.recover(err -> Future.failedFuture(pingFailure(role, err))).toCompletionStage();
    };
  }

  private static AgentryException pingFailure(NodeRole role, Throwable err) {
    if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new AgentryException(
          ErrorCode.UNAVAILABLE, "no node in the cluster serves the " + role.id() + " role");
    }
    if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return new AgentryException(
          ErrorCode.TIMEOUT,
          "no " + role.id() + " node answered within " + PING_TIMEOUT_MS + " ms");
    }
    return new AgentryException(ErrorCode.INTERNAL, "ping failed: " + err.getMessage(), err);
  }

  private Map<String, Object> toGraphQL(NodeIdentity identity) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", identity.id());
    out.put("roles", identity.roles().stream().sorted().map(NodeRole::name).toList());
    out.put("host", identity.host());
    out.put("httpUrl", identity.httpUrl());
    out.put("startedAt", identity.startedAt().toString());
    out.put("local", identity.id().equals(node.identity().id()));
    return out;
  }

  private static Map<String, Object> toGraphQL(ServiceStatus status) {
    return Map.of(
        "name", status.name(),
        "target", status.target(),
        "up", status.up(),
        "detail", status.detail(),
        "millis", status.millis());
  }
}
