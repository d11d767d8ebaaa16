package io.agentry.core.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.agentry.core.cluster.ClusterView;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Membership read from Hazelcast. Listens on Hazelcast itself rather than through {@code
 * ClusterManager.nodeListener}, which Vert.x reserves for its own use.
 */
public final class HazelcastClusterView implements ClusterView {

  /** Where vertx-hazelcast keeps a member's Vert.x node id. */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final HazelcastClusterManager manager;

  public HazelcastClusterView(HazelcastClusterManager manager) {
    this.manager = manager;
  }

  @Override
  public String localNodeId() {
    return manager.getNodeId();
  }

  @Override
  public Set<String> memberIds() {
    HazelcastInstance hz = manager.getHazelcastInstance();
    if (hz == null || !hz.getLifecycleService().isRunning()) {
      return Set.of();
    }
    return hz.getCluster().getMembers().stream()
        .map(HazelcastClusterView::vertxNodeId)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Vert.x names a member by the id it stores as a member attribute, not by the member UUID. */
  private static String vertxNodeId(Member member) {
    String id = member.getAttribute(NODE_ID_ATTRIBUTE);
    return id != null ? id : member.getUuid().toString();
  }

  @Override
  public boolean joined() {
    return manager.isActive() && memberIds().contains(localNodeId());
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public void onMemberLeft(Consumer<String> listener) {
    manager
        .getHazelcastInstance()
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {}

              @Override
              public void memberRemoved(MembershipEvent event) {
                listener.accept(vertxNodeId(event.getMember()));
              }
            });
  }
}
