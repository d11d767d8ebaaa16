package io.agentry.core.cluster;

import io.agentry.core.bus.Addresses;
import io.agentry.core.node.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The cluster-wide list of nodes and their roles. Entries live in a Vert.x cluster-wide map; only
 * entries whose node is still a cluster member are reported, so a node that died without removing
 * its entry disappears as soon as failure detection drops it.
 */
public final class NodeRegistry {

  private final Vertx vertx;
  private final ClusterView cluster;

  public NodeRegistry(Vertx vertx, ClusterView cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
    cluster.onMemberLeft(id -> map().compose(m -> m.remove(id)));
  }

  public Future<Void> register(NodeIdentity identity) {
    return map().compose(m -> m.put(identity.id(), identity.toJson()));
  }

  public Future<Void> deregister(String nodeId) {
    return map().compose(m -> m.remove(nodeId)).mapEmpty();
  }

  /** Live nodes, ordered by start time. */
  public Future<List<NodeIdentity>> liveNodes() {
    Set<String> members = cluster.memberIds();
    return map()
        .compose(AsyncMap::entries)
        .map(
            entries ->
                entries.entrySet().stream()
                    .filter(e -> members.contains(e.getKey()))
                    .map(e -> NodeIdentity.fromJson(e.getValue()))
                    .sorted(Comparator.comparing(NodeIdentity::startedAt))
                    .toList());
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(Addresses.NODE_REGISTRY_MAP);
  }
}
