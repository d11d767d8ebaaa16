package io.agentry.core.testing;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.persistence.Migrations;
import io.agentry.core.persistence.PgPools;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * The real test database, migrated once per JVM. Tests keep out of each other's way by using fresh
 * names (see {@link #uniqueName}) rather than by cleaning tables.
 */
public final class TestDatabase {

  private static volatile boolean migrated;

  private TestDatabase() {}

  public static Pool pool(Vertx vertx) {
    AgentryConfig config = TestConfig.load();
    migrate(config);
    return PgPools.create(vertx, config.postgres());
  }

  public static synchronized void migrate(AgentryConfig config) {
    if (!migrated) {
      Migrations.migrate(config.postgres());
      migrated = true;
    }
  }

  /** A lowercase name no other test run uses, e.g. for a job role. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
  }
}
