package io.agentry.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.PgTestFixture;
import io.agentry.core.persistence.Migrations;
import io.agentry.core.persistence.PgPools;
import io.agentry.core.testing.TestConfig;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgApiKeyStoreTest {

  private PgTestFixture db;
  private ApiKeyStore keys;

  @BeforeAll
  void start() {
    db = PgTestFixture.start();
    keys = ApiKeyStore.create(db.pool());
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void a_new_token_authenticates_as_its_tenant_and_role_and_only_its_hash_is_stored() {
    UUID tenant = db.newTenant();
    IssuedKey issued = keys.create(tenant, "ci", Role.USER).await();

    Principal who = keys.authenticate(issued.token()).await().orElseThrow();
    assertThat(who).isEqualTo(new Principal(issued.key().id(), tenant, Role.USER));
    assertThat(issued.token()).startsWith(issued.key().prefix());
    var stored =
        db.pool()
            .preparedQuery("SELECT token_sha256 FROM api_keys WHERE id = $1")
            .execute(Tuple.of(issued.key().id()))
            .await()
            .iterator()
            .next()
            .getBuffer(0);
    assertThat(stored.length()).isEqualTo(32);
    assertThat(stored.toString()).doesNotContain(issued.token().substring(16));
    assertThat(issued.toString()).doesNotContain(issued.token());
  }

  @Test
  void a_token_with_the_right_prefix_but_a_wrong_secret_is_refused() {
    IssuedKey issued = keys.create(db.newTenant(), "ci", Role.ADMIN).await();
    String token = issued.token();
    char last = token.charAt(token.length() - 1);
    String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(keys.authenticate(forged).await()).isEmpty();
    assertThat(keys.authenticate("not-a-token").await()).isEmpty();
    assertThat(keys.authenticate(null).await()).isEmpty();
  }

  @Test
  void a_revoked_key_stops_working_and_other_tenants_cannot_revoke_it() {
    UUID tenant = db.newTenant();
    IssuedKey issued = keys.create(tenant, "ci", Role.VIEWER).await();

    assertThatThrownBy(() -> keys.revoke(db.newTenant(), issued.key().id()).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(keys.authenticate(issued.token()).await()).isPresent();

    assertThat(keys.revoke(tenant, issued.key().id()).await().revoked()).isTrue();
    assertThat(keys.authenticate(issued.token()).await()).isEmpty();
    assertThat(keys.list(tenant).await()).singleElement().satisfies(k -> k.revoked());
  }

  @Test
  void bootstrap_issues_one_admin_key_on_an_empty_database_and_none_after() {
    String name = "agentry_boot_" + UUID.randomUUID().toString().substring(0, 8);
    db.pool().query("CREATE DATABASE " + name).execute().await();
    try {
      AgentryConfig config = TestConfig.load(Map.of("AGENTRY_POSTGRES_DATABASE", name));
      Migrations.migrate(config.postgres());
      Pool fresh = PgPools.create(db.vertx(), config.postgres());
      try {
        ApiKeyStore store = ApiKeyStore.create(fresh);
        IssuedKey first = store.bootstrapAdmin("default").await().orElseThrow();
        assertThat(store.bootstrapAdmin("default").await()).isEmpty();
        Principal admin = store.authenticate(first.token()).await().orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        String tenantName =
            fresh
                .preparedQuery("SELECT name FROM tenants WHERE id = $1")
                .execute(Tuple.of(admin.tenantId()))
                .await()
                .iterator()
                .next()
                .getString(0);
        assertThat(tenantName).isEqualTo("default");

        // Once the only admin key is revoked, the next start issues a new one.
        store.revoke(admin.tenantId(), admin.keyId()).await();
        assertThat(store.bootstrapAdmin("default").await()).isPresent();
      } finally {
        fresh.close().await();
      }
    } finally {
      db.pool().query("DROP DATABASE " + name + " WITH (FORCE)").execute().await();
    }
  }
}
