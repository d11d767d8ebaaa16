package io.agentry.director;

import io.agentry.core.bus.RolePing;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The director role. It answers role pings so the cluster can see it; planning, dispatch and leases
 * arrive with the job queue.
 */
public final class DirectorVerticle extends VerticleBase {

  private final NodeServices node;

  public DirectorVerticle(NodeServices node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return RolePing.answer(vertx, NodeRole.DIRECTOR, node.identity());
  }
}
