package io.agentry.core.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.testing.TestConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs the real migrations against the real PostgreSQL test database. */
class MigrationsTest {

  private final AgentryConfig config = TestConfig.load();

  @Test
  void migrations_are_idempotent_and_create_the_foundation_tables() throws Exception {
    Migrations.migrate(config.postgres());
    var again = Migrations.migrate(config.postgres());

    assertThat(again.applied()).isZero();
    assertThat(Integer.parseInt(again.schemaVersion())).isGreaterThanOrEqualTo(1);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery(
              "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                  + " AND table_name IN ('tenants', 'projects', 'ledger_events')");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
    }
  }

  @Test
  void ledger_events_cannot_be_updated_or_deleted() throws Exception {
    Migrations.migrate(config.postgres());
    UUID tenant = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO tenants (id, name) VALUES ('" + tenant + "', 't-" + tenant + "')");
      s.execute(
          "INSERT INTO projects (id, tenant_id, name) VALUES ('"
              + project
              + "', '"
              + tenant
              + "', 'p')");
      s.execute(
          "INSERT INTO ledger_events (project_id, seq, source, type) VALUES ('"
              + project
              + "', 1, 'system', 'ProjectCreated')");

      assertThatThrownBy(
              () ->
                  s.execute(
                      "UPDATE ledger_events SET type = 'x' WHERE project_id = '" + project + "'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(
              () -> s.execute("DELETE FROM ledger_events WHERE project_id = '" + project + "'"))
          .hasMessageContaining("append-only");
    }
  }

  private Connection connect() throws SQLException {
    var pg = config.postgres();
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }
}
