package io.agentry.core.bus;

import io.agentry.core.config.AgentryConfig.QueueSettings;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only faults, switched on by configuration. With {@code queue.dropDispatchMessages} every job
 * dispatch leaving this node is dropped at the event bus, to prove that the database alone gets
 * every job done.
 */
public final class FaultInjection {

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjection.class);

  private FaultInjection() {}

  public static void install(Vertx vertx, QueueSettings queue) {
    if (!queue.dropDispatchMessages()) {
      return;
    }
    LOG.warn("FAULT INJECTION: every job dispatch message sent from this node is dropped");
    AtomicLong dropped = new AtomicLong();
    vertx
        .eventBus()
        .addOutboundInterceptor(
            delivery -> {
              if (Addresses.isWorkerDispatch(delivery.message().address())) {
                long n = dropped.incrementAndGet();
                if (n == 1 || n % 100 == 0) {
                  LOG.warn("dropped {} dispatch message(s)", n);
                }
                return;
              }
              delivery.next();
            });
  }
}
