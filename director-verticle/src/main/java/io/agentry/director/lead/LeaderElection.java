package io.agentry.director.lead;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active director per cluster, decided in PostgreSQL (the same arbiter as job ownership): a
 * lease row that the holder renews and anyone may take once it expired, or at once when the
 * holder's node left the cluster. Losing the lease (a failed renewal) stops leading immediately.
 */
public final class LeaderElection {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  private static final String ACQUIRE =
      "INSERT INTO leader_leases (name, holder, epoch, expires_at)"
          + " VALUES ($1, $2, 1, now() + make_interval(secs => $3))"
          + " ON CONFLICT (name) DO UPDATE SET holder = $2, epoch = leader_leases.epoch + 1,"
          + " expires_at = now() + make_interval(secs => $3)"
          + " WHERE leader_leases.expires_at < now() OR leader_leases.holder = $4"
          + " RETURNING epoch";

  private static final String RENEW =
      "UPDATE leader_leases SET expires_at = now() + make_interval(secs => $4)"
          + " WHERE name = $1 AND holder = $2 AND epoch = $3";

  private final Pool pool;
  private final String name;
  private final String self;
  private final Duration ttl;
  private final Consumer<Boolean> onChange;
  private long epoch = -1;
  private long renewedAtNanos;
  private boolean busy;

  /**
   * @param clusterName clusters that share a database each elect their own director
   */
  public LeaderElection(
      Pool pool, String clusterName, String self, Duration ttl, Consumer<Boolean> onChange) {
    this.pool = pool;
    this.name = "director:" + clusterName;
    this.self = self;
    this.ttl = ttl;
    this.onChange = onChange;
  }

  public boolean isLeader() {
    return epoch >= 0;
  }

  /** Renews the lease when leading, otherwise tries to take an expired one. */
  public Future<Boolean> tick() {
    return isLeader() ? renew() : acquire(self);
  }

  /** The node {@code nodeId} left the cluster: if it led, take over now rather than at expiry. */
  public Future<Boolean> onMemberLeft(String nodeId) {
    return isLeader() ? Future.succeededFuture(true) : acquire(nodeId);
  }

  /** Gives up the lease so that a standby takes over without waiting for it to expire. */
  public Future<Void> stepDown() {
    if (!isLeader()) {
      return Future.succeededFuture();
    }
    long held = epoch;
    lost();
    return pool.preparedQuery(
            "UPDATE leader_leases SET expires_at = now() - interval '1 second'"
                + " WHERE name = $1 AND holder = $2 AND epoch = $3")
        .execute(Tuple.of(name, self, held))
        .mapEmpty();
  }

  private Future<Boolean> acquire(String replaceable) {
    if (busy) {
      return Future.succeededFuture(isLeader());
    }
    busy = true;
    return pool.preparedQuery(ACQUIRE)
        .execute(Tuple.of(name, self, seconds(), replaceable))
        .map(
            rows -> {
              if (rows.rowCount() == 1) {
                epoch = rows.iterator().next().getLong("epoch");
                renewedAtNanos = System.nanoTime();
                LOG.info("this node is now the active director (epoch {})", epoch);
                onChange.accept(true);
              }
              return isLeader();
            })
        .onComplete(done -> busy = false);
  }

  private Future<Boolean> renew() {
    return pool.preparedQuery(RENEW)
        .execute(Tuple.of(name, self, epoch, seconds()))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                LOG.warn("lost the director lease (epoch {}); standing by", epoch);
                lost();
              } else {
                renewedAtNanos = System.nanoTime();
              }
              return isLeader();
            })
        .otherwise(
            err -> {
              // Unable to renew for a whole lease term: someone else may hold it by now.
              if (System.nanoTime() - renewedAtNanos > ttl.toNanos()) {
                LOG.warn(
                    "could not renew the director lease for {}; standing by: {}",
                    ttl,
                    err.toString());
                lost();
              }
              return isLeader();
            });
  }

  private void lost() {
    epoch = -1;
    onChange.accept(false);
  }

  private double seconds() {
    return ttl.toMillis() / 1000.0;
  }
}
