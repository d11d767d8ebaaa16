package io.agentry.core.ledger;

import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A Vert.x instance and a pool on the real test database, migrated to the latest schema, plus
 * helpers that create a fresh tenant and project with random names, so tests never share rows and
 * can run again and again on the same database.
 */
public final class PgTestFixture implements AutoCloseable {

  private final Vertx vertx;
  private final Pool pool;

  private PgTestFixture(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Blocking: migrates (once per JVM) and opens a pool. Close it in {@code @AfterAll}. */
  public static PgTestFixture start() {
    Vertx vertx = Vertx.vertx();
    return new PgTestFixture(vertx, TestDatabase.pool(vertx));
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public UUID newTenant() {
    UUID id = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO tenants (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(id, "tenant-" + id))
        .await();
    return id;
  }

  public UUID newProject(UUID tenantId) {
    UUID id = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO projects (id, tenant_id, name) VALUES ($1, $2, $3)")
        .execute(Tuple.of(id, tenantId, "project-" + id))
        .await();
    return id;
  }

  /**
   * Deletes a tenant with its agents (and their schedules). Only for tenants without projects: the
   * ledger's append-only trigger refuses the cascade into ledger events.
   */
  public void deleteTenant(UUID tenantId) {
    pool.preparedQuery("DELETE FROM tenants WHERE id = $1").execute(Tuple.of(tenantId)).await();
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
  }
}
