package io.agentry.core.cluster;

import java.util.Set;
import java.util.function.Consumer;

/** The view of a node started without {@code --cluster}. */
final class StandaloneClusterView implements ClusterView {

  private final String nodeId;

  StandaloneClusterView(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public String localNodeId() {
    return nodeId;
  }

  @Override
  public Set<String> memberIds() {
    return Set.of(nodeId);
  }

  @Override
  public boolean joined() {
    return true;
  }

  @Override
  public boolean clustered() {
    return false;
  }

  @Override
  public void onMemberLeft(Consumer<String> listener) {
    // Nobody else can leave a cluster of one.
  }
}
