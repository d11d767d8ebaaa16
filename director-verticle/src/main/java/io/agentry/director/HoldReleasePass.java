package io.agentry.director;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.llm.usage.UsageStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives budgets back what crashed callers still hold. A model call reserves its maximum before it
 * starts and settles when it ends; when its node dies in between, nothing settles it, and the hold
 * would count against the project's and task's caps forever. The active director runs this pass
 * periodically: calls still reserved after {@code models.abandonedAfterSeconds} are released (their
 * spend stays zero). One pass at a time: a slow database does not pile passes up.
 */
final class HoldReleasePass {

  private static final Logger LOG = LoggerFactory.getLogger(HoldReleasePass.class);

  private final UsageStore usage;
  private final Duration age;
  private final AtomicBoolean running = new AtomicBoolean();

  HoldReleasePass(UsageStore usage, Duration age) {
    this.usage = usage;
    this.age = age;
  }

  static HoldReleasePass create(UsageStore usage, ModelSettings models) {
    Duration age = Duration.ofSeconds(models.abandonedAfterSeconds());
    Duration longestCall = longestCall(models);
    if (age.compareTo(longestCall) <= 0) {
      LOG.warn(
          "models.abandonedAfterSeconds ({} s) is not longer than a call may take ({} s):"
              + " holds of calls still running may be released and their spend not counted",
          age.toSeconds(),
          longestCall.toSeconds());
    }
    return new HoldReleasePass(usage, age);
  }

  /** Every attempt timing out, with the longest wait allowed between attempts. */
  static Duration longestCall(ModelSettings models) {
    long waits = Math.max(models.retryCapMs(), models.maxRetryAfterMs());
    return Duration.ofMillis(
        (long) models.maxAttempts() * models.timeoutMs() + (models.maxAttempts() - 1L) * waits);
  }

  /** Releases what is abandoned; completes with how many holds were released (0 if skipped). */
  Future<Integer> run() {
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    return usage
        .releaseAbandoned(age)
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info("released {} budget hold(s) of model calls that never settled", n);
              }
            })
        .onFailure(err -> LOG.warn("releasing abandoned budget holds failed: {}", err.toString()))
        .eventually(
            () -> {
              running.set(false);
              return Future.succeededFuture();
            });
  }
}
