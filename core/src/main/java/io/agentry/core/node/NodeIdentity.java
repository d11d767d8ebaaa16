package io.agentry.core.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who a node is: its cluster member id (or a random id when not clustered), its roles, the host it
 * runs on and when it started. Published in the cluster-wide node registry.
 */
public record NodeIdentity(
    String id, Set<NodeRole> roles, String host, String httpUrl, Instant startedAt) {

  public NodeIdentity {
    roles = Set.copyOf(roles);
  }

  public boolean has(NodeRole role) {
    return roles.contains(role);
  }

  public JsonObject toJson() {
    JsonArray roleIds = new JsonArray();
    roles.stream().sorted().forEach(r -> roleIds.add(r.id()));
    return new JsonObject()
        .put("id", id)
        .put("roles", roleIds)
        .put("host", host)
        .put("httpUrl", httpUrl)
        .put("startedAt", startedAt.toString());
  }

  public static NodeIdentity fromJson(JsonObject json) {
    Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    json.getJsonArray("roles").forEach(r -> roles.add(NodeRole.parse((String) r)));
    return new NodeIdentity(
        json.getString("id"),
        roles,
        json.getString("host"),
        json.getString("httpUrl"),
        Instant.parse(json.getString("startedAt")));
  }
}
