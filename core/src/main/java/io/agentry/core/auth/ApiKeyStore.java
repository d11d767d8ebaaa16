package io.agentry.core.auth;

import io.agentry.core.auth.pg.PgApiKeyStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys of tenants. Tokens are {@code agk_} plus 32 random bytes (base64url); only their SHA-256
 * is stored. Errors: {@code BAD_USER_INPUT} (invalid name), {@code NOT_FOUND} (no such key in the
 * tenant).
 */
public interface ApiKeyStore {

  static ApiKeyStore create(Pool pool) {
    return PgApiKeyStore.create(pool);
  }

  /** Creates a key; the returned token is never stored and cannot be read again. */
  Future<IssuedKey> create(UUID tenantId, String name, Role role);

  /** The caller behind a token; empty when the token is unknown, malformed or revoked. */
  Future<Optional<Principal>> authenticate(String token);

  /** Revokes a key of the tenant (idempotent); {@code NOT_FOUND} for keys of other tenants. */
  Future<ApiKey> revoke(UUID tenantId, UUID keyId);

  /** The tenant's keys, revoked ones included, oldest first. */
  Future<List<ApiKey>> list(UUID tenantId);

  /**
   * Creates a tenant named {@code tenantName} and its first admin key, in one transaction. Errors:
   * {@code BAD_USER_INPUT} (name empty, over 200 characters, or with control characters), {@code
   * ALREADY_EXISTS} (a tenant of that name exists).
   */
  Future<IssuedKey> createTenant(String tenantName);

  /**
   * Start-up bootstrap: when no live admin key exists anywhere, creates (or reuses) the tenant
   * named {@code tenantName} and an admin key in it, and returns it. Concurrent callers are
   * serialised by an advisory lock, so only one of several nodes starting at once issues a key.
   */
  Future<Optional<IssuedKey>> bootstrapAdmin(String tenantName);
}
