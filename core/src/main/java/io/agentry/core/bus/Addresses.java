package io.agentry.core.bus;

import io.agentry.core.node.NodeRole;

/** Every event-bus address in one place. Roles and the api talk only through these. */
public final class Addresses {

  private static final String PREFIX = "agentry.";

  /** Cluster-wide map of {@link io.agentry.core.node.NodeIdentity} by node id. */
  public static final String NODE_REGISTRY_MAP = PREFIX + "nodes";

  private Addresses() {}

  /** Any node running {@code role} answers a ping here; used for cluster diagnostics. */
  public static String rolePing(NodeRole role) {
    return PREFIX + "role." + role.id() + ".ping";
  }
}
