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
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(pg.host())
            .setPort(pg.port())
            .setDatabase(pg.database())
            .setUser(pg.user())
            .setPassword(pg.password())
            .setCachePreparedStatements(true);
    PoolOptions pool = new PoolOptions().setMaxSize(pg.poolSize()).setShared(false);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
