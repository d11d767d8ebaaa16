package io.agentry.core.cluster;

import java.util.Set;
import java.util.function.Consumer;

/** What a node knows about cluster membership. A node without a cluster is a cluster of one. */
public interface ClusterView {

  String localNodeId();

  /** Ids of the members currently in the cluster, this node included. */
  Set<String> memberIds();

  /** True while this node is an active member (always true for a standalone node). */
  boolean joined();

  boolean clustered();

  /** Called with the id of every member that leaves or is dropped by failure detection. */
  void onMemberLeft(Consumer<String> listener);

  static ClusterView standalone(String nodeId) {
    return new StandaloneClusterView(nodeId);
  }
}
