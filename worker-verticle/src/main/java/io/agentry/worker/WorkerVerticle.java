package io.agentry.worker;

import io.agentry.core.bus.RolePing;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The worker role. It answers role pings so the director and operators can find it; job handling
 * arrives with the job queue.
 */
public final class WorkerVerticle extends VerticleBase {

  private final NodeServices node;

  public WorkerVerticle(NodeServices node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return RolePing.answer(vertx, NodeRole.WORKER, node.identity());
  }
}
