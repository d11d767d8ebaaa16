package io.agentry.core.bus;

import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeRole;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Answers pings addressed to a role, so that an operator (or a test) can see which node serves a
 * role and how long a round trip across the cluster takes.
 */
public final class RolePing {

  private RolePing() {}

  public static Future<Void> answer(Vertx vertx, NodeRole role, NodeIdentity self) {
    return vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.rolePing(role))
        .handler(
            message ->
                message.reply(
                    new JsonObject()
                        .put("nodeId", self.id())
                        .put("role", role.id())
                        .put("host", self.host())))
        .completion();
  }
}
