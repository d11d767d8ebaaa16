package io.agentry.api.graphql;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.memory.Embedder;
import io.agentry.core.memory.VectorMemory;
import io.vertx.core.Vertx;

/**
 * The api node's {@link VectorMemory}, made on first use: most api nodes never search memory, and
 * the embedding model (loaded by the embedder on its first call) and its worker threads should cost
 * them nothing.
 */
public final class LazyMemory {

  private final Vertx vertx;
  private final AgentryConfig config;
  private volatile VectorMemory memory;

  public LazyMemory(Vertx vertx, AgentryConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public VectorMemory get() {
    VectorMemory made = memory;
    if (made == null) {
      synchronized (this) {
        made = memory;
        if (made == null) {
          made =
              VectorMemory.create(vertx, config, Embedder.miniLm(vertx, config.node().dataDir()));
          memory = made;
        }
      }
    }
    return made;
  }
}
