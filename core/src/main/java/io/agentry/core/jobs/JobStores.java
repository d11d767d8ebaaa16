package io.agentry.core.jobs;

import io.agentry.core.config.AgentryConfig.QueueSettings;
import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.node.NodeServices;
import java.time.Duration;

/** Builds the node's {@link JobStore} from its queue settings. */
public final class JobStores {

  private JobStores() {}

  /** The store of a node: claims, starts and heartbeats on {@code relaxed}, the rest durable. */
  public static JobStore create(NodeServices node) {
    return PgJobStore.create(node.pg(), node.pgRelaxed(), retryPolicy(node.config().queue()));
  }

  public static RetryPolicy retryPolicy(QueueSettings queue) {
    return RetryPolicy.exponential(
            Duration.ofMillis(queue.retryBaseMs()),
            queue.retryFactor(),
            Duration.ofMillis(queue.retryCapMs()))
        .withJitter(queue.retryJitter());
  }
}
