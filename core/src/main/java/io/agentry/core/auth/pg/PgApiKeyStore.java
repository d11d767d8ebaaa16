package io.agentry.core.auth.pg;

import io.agentry.core.auth.ApiKey;
import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.auth.IssuedKey;
import io.agentry.core.auth.Principal;
import io.agentry.core.auth.Role;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** {@link ApiKeyStore} on PostgreSQL ({@code api_keys}, migration V6). */
public final class PgApiKeyStore implements ApiKeyStore {

  static final String TOKEN_MARK = "agk_";

  /** {@code agk_} and 12 base64url characters (72 random bits): unique, and useless alone. */
  static final int PREFIX_LENGTH = TOKEN_MARK.length() + 12;

  private static final String COLUMNS = "id, tenant_id, name, role, prefix, created_at, revoked_at";
  private static final String INSERT =
      "INSERT INTO api_keys (id, tenant_id, name, role, prefix, token_sha256)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + COLUMNS;
  private static final String BY_PREFIX =
      "SELECT tenant_id, role, token_sha256, id FROM api_keys"
          + " WHERE prefix = $1 AND revoked_at IS NULL";
  private static final String REVOKE =
      "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())"
          + " WHERE id = $1 AND tenant_id = $2 RETURNING "
          + COLUMNS;
  private static final String LIST =
      "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id";

  /** Any constant key serialises bootstraps across nodes; this one spells "agentry-admin". */
  private static final long BOOTSTRAP_LOCK = 0x6167656e747279L;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;

  private PgApiKeyStore(Pool pool) {
    this.pool = pool;
  }

  public static PgApiKeyStore create(Pool pool) {
    return new PgApiKeyStore(Objects.requireNonNull(pool, "pool"));
  }

  @Override
  public Future<IssuedKey> create(UUID tenantId, String name, Role role) {
    return pool.withTransaction(tx -> insert(tx, tenantId, name, role));
  }

  private Future<IssuedKey> insert(SqlConnection tx, UUID tenantId, String name, Role role) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty() || trimmed.length() > 200) {
      return Future.failedFuture(
          new AgentryException(ErrorCode.BAD_USER_INPUT, "name must be 1 to 200 characters"));
    }
    Objects.requireNonNull(role, "role");
    String token = newToken();
    Tuple params =
        Tuple.of(
            UUID.randomUUID(),
            tenantId,
            trimmed,
            role.db(),
            token.substring(0, PREFIX_LENGTH),
            Buffer.buffer(sha256(token)));
    return tx.preparedQuery(INSERT)
        .execute(params)
        .map(rows -> new IssuedKey(toKey(rows.iterator().next()), token))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof PgException pg && "23503".equals(pg.getSqlState())
                        ? new AgentryException(
                            ErrorCode.NOT_FOUND, "tenant " + tenantId + " does not exist", e)
                        : e));
  }

  @Override
  public Future<Optional<Principal>> authenticate(String token) {
    if (token == null
        || !token.startsWith(TOKEN_MARK)
        || token.length() < PREFIX_LENGTH
        || token.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    byte[] presented = sha256(token);
    return pool.preparedQuery(BY_PREFIX)
        .execute(Tuple.of(token.substring(0, PREFIX_LENGTH)))
        .map(
            rows -> {
              for (Row row : rows) {
                // Constant-time: the prefix is public, the rest of the token is the secret.
                if (MessageDigest.isEqual(presented, row.getBuffer("token_sha256").getBytes())) {
                  return Optional.of(
                      new Principal(
                          row.getUUID("id"),
                          row.getUUID("tenant_id"),
                          Role.parse(row.getString("role"))));
                }
              }
              return Optional.empty();
            });
  }

  @Override
  public Future<ApiKey> revoke(UUID tenantId, UUID keyId) {
    return pool.preparedQuery(REVOKE)
        .execute(Tuple.of(keyId, tenantId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new AgentryException(
                    ErrorCode.NOT_FOUND, "API key " + keyId + " does not exist");
              }
              return toKey(rows.iterator().next());
            });
  }

  @Override
  public Future<List<ApiKey>> list(UUID tenantId) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(tenantId))
        .map(
            rows -> {
              List<ApiKey> keys = new ArrayList<>(rows.size());
              rows.forEach(row -> keys.add(toKey(row)));
              return keys;
            });
  }

  @Override
  public Future<IssuedKey> createTenant(String tenantName) {
    String name = tenantName == null ? "" : tenantName.strip();
    if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      return Future.failedFuture(
          new AgentryException(
              ErrorCode.BAD_USER_INPUT,
              "name must be 1 to 200 characters without control characters"));
    }
    return pool.withTransaction(
            tx ->
                tx.preparedQuery("INSERT INTO tenants (id, name) VALUES ($1, $2) RETURNING id")
                    .execute(Tuple.of(UUID.randomUUID(), name))
                    .compose(
                        rows ->
                            insert(
                                tx,
                                rows.iterator().next().getUUID("id"),
                                "first admin",
                                Role.ADMIN)))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? new AgentryException(
                            ErrorCode.ALREADY_EXISTS, "a tenant named '" + name + "' exists", e)
                        : e));
  }

  @Override
  public Future<Optional<IssuedKey>> bootstrapAdmin(String tenantName) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(BOOTSTRAP_LOCK))
                .compose(
                    v ->
                        tx.query(
                                "SELECT 1 FROM api_keys WHERE role = 'admin'"
                                    + " AND revoked_at IS NULL LIMIT 1")
                            .execute())
                .compose(
                    admins -> {
                      if (admins.size() > 0) {
                        return Future.succeededFuture(Optional.<IssuedKey>empty());
                      }
                      return tenant(tx, tenantName)
                          .compose(tenantId -> insert(tx, tenantId, "bootstrap admin", Role.ADMIN))
                          .map(Optional::of);
                    }));
  }

  private static Future<UUID> tenant(SqlConnection tx, String name) {
    return tx.preparedQuery(
            "INSERT INTO tenants (id, name) VALUES ($1, $2)"
                + " ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id")
        .execute(Tuple.of(UUID.randomUUID(), name))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  private static ApiKey toKey(Row row) {
    return new ApiKey(
        row.getUUID("id"),
        row.getUUID("tenant_id"),
        row.getString("name"),
        Role.parse(row.getString("role")),
        row.getString("prefix"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("revoked_at")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return TOKEN_MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
