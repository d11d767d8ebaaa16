package io.agentry.core.persistence;

import io.agentry.core.config.AgentryConfig.PostgresSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date with the migrations under {@code db/migration}. Flyway
 * holds a PostgreSQL advisory lock while it works, so nodes starting together are safe.
 */
public final class Migrations {

  private Migrations() {}

  /** Blocking: call from a worker thread or before the event loop serves anything. */
  public static MigrationReport migrate(PostgresSettings pg) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(pg.jdbcUrl(), pg.user(), pg.password())
            .locations("classpath:db/migration")
            .connectRetries(0)
            .load();
    MigrateResult result = flyway.migrate();
    String version =
        flyway.info().current() == null
            ? "none"
            : flyway.info().current().getVersion().getVersion();
    return new MigrationReport(result.migrationsExecuted, version);
  }

  /** How many migrations ran now, and the schema version the database is at afterwards. */
  public record MigrationReport(int applied, String schemaVersion) {}
}
