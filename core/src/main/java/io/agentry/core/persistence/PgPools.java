package io.agentry.core.persistence;

import io.agentry.core.config.AgentryConfig.PostgresSettings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Creates the node's reactive PostgreSQL pool. */
public final class PgPools {

  private PgPools() {}

  public static Pool create(Vertx vertx, PostgresSettings pg) {
    PoolOptions pool = new PoolOptions().setMaxSize(pg.poolSize()).setShared(false);
    return PgBuilder.pool().with(pool).connectingTo(connectOptions(pg)).using(vertx).build();
  }

  /**
   * A pool whose commits do not wait for the WAL flush. Only for writes that may be lost when the
   * database itself crashes without harm: a lost claim, start or heartbeat means a job is retried,
   * never that work is lost. A later durable commit flushes these writes too (the WAL is one log).
   */
  public static Pool createRelaxed(Vertx vertx, PostgresSettings pg) {
    PoolOptions pool =
        new PoolOptions().setMaxSize(Math.max(2, pg.poolSize() / 2)).setShared(false);
    PgConnectOptions connect = connectOptions(pg);
    connect.addProperty("synchronous_commit", "off");
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }

  /** Connection settings, also for dedicated connections such as LISTEN subscribers. */
  public static PgConnectOptions connectOptions(PostgresSettings pg) {
    return new PgConnectOptions()
        .setHost(pg.host())
        .setPort(pg.port())
        .setDatabase(pg.database())
        .setUser(pg.user())
        .setPassword(pg.password())
        .setCachePreparedStatements(true);
  }
}
