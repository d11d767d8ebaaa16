package io.agentry.node.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The settings for a cluster of node JVMs on loopback: a name no other test uses, one Hazelcast
 * port per node, every node listing every other, and fast failure detection.
 */
public final class TestCluster {

  public static final int MAX_NO_HEARTBEAT_SECONDS = 5;

  private final String name = "agentry-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();

  public TestCluster(int size) {
    for (int i = 0; i < size; i++) {
      ports.add(FreePorts.next());
    }
  }

  public String name() {
    return name;
  }

  /** Environment of node {@code index}, plus {@code extra} overrides. */
  public Map<String, String> env(int index, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("AGENTRY_CLUSTER_NAME", name);
    env.put(
        "AGENTRY_CLUSTER_MEMBERS",
        ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    env.put("AGENTRY_CLUSTER_PORT", String.valueOf(ports.get(index)));
    env.put("AGENTRY_CLUSTER_HEARTBEAT_INTERVAL_SECONDS", "1");
    env.put("AGENTRY_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    env.put("AGENTRY_CLUSTER_WAIT_BEFORE_JOIN_SECONDS", "0");
    env.putAll(extra);
    return env;
  }
}
