package io.agentry.core.jobs.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-role concurrency limits from {@code job_role_limits}, cached for a few seconds so that a
 * claim of an unlimited role costs no extra round trip.
 */
final class RoleLimits {

  private static final long REFRESH_NANOS = 5_000_000_000L;

  private final Pool pool;
  private volatile Map<String, Integer> limits = Map.of();
  private volatile long loadedAt = Long.MIN_VALUE / 2;

  RoleLimits(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<Integer>> limitOf(String role) {
    if (System.nanoTime() - loadedAt < REFRESH_NANOS) {
      return Future.succeededFuture(Optional.ofNullable(limits.get(role)));
    }
    return pool.query("SELECT role, max_concurrent FROM job_role_limits")
        .execute()
        .map(
            rows -> {
              Map<String, Integer> fresh = new HashMap<>();
              rows.forEach(r -> fresh.put(r.getString("role"), r.getInteger("max_concurrent")));
              limits = Map.copyOf(fresh);
              loadedAt = System.nanoTime();
              return Optional.ofNullable(limits.get(role));
            });
  }

  /** Forget the cache, e.g. after a limit was changed. */
  void invalidate() {
    loadedAt = Long.MIN_VALUE / 2;
  }
}
