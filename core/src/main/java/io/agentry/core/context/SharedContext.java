package io.agentry.core.context;

import io.agentry.core.context.pg.PgSharedContext;
import io.agentry.core.ledger.LedgerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Context shared by the agents of a project: JSON documents under named keys, each write a new
 * immutable version (1, 2, 3 ..). Nothing is ever overwritten or deleted: a rollback writes a new
 * version holding an older value. Every call names the tenant and the project, and a project of
 * another tenant is {@code NOT_FOUND}, so context never leaks between tenants or projects.
 *
 * <p>Each write appends {@code ContextWritten} (source {@code AGENT}) and each rollback {@code
 * ContextRolledBack} (source {@code USER}) to the project's ledger in the same transaction, with
 * {@code key}, {@code version} and {@code author} in the payload (and {@code restoredFrom} for a
 * rollback). Writes to one key are serialised; versions have no gaps.
 *
 * <p>Errors: {@code BAD_USER_INPUT} (key not matching {@link #KEY_FORMAT}, value larger than {@link
 * #MAX_VALUE_BYTES}, author empty or too long, version or limit out of range), {@code NOT_FOUND}
 * (no such project in the tenant, no such version), {@code ILLEGAL_STATE} (an expected version that
 * is not the current one).
 */
public interface SharedContext {

  /**
   * 1 to 200 characters: letters, digits and {@code . _ : / -}, starting with a letter or digit.
   */
  Pattern KEY_FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");

  /** Largest value, as compact UTF-8 JSON. */
  int MAX_VALUE_BYTES = 256 * 1024;

  int MAX_AUTHOR = 200;

  /** Largest page {@link #history} returns. */
  int MAX_HISTORY = 1000;

  static SharedContext create(Pool pool, LedgerStore ledger) {
    return PgSharedContext.create(pool, ledger);
  }

  /** Writes a new version of {@code key}: the current version + 1 (1 for a new key). */
  Future<ContextVersion> write(
      UUID tenantId, UUID projectId, String key, JsonObject value, String author);

  /**
   * Writes only if the key's current version is still {@code expectedVersion} (0: the key must not
   * exist yet); otherwise fails with {@code ILLEGAL_STATE} and writes nothing.
   */
  Future<ContextVersion> write(
      UUID tenantId,
      UUID projectId,
      String key,
      JsonObject value,
      String author,
      int expectedVersion);

  /** The current version of the key, or empty if it was never written. */
  Future<Optional<ContextVersion>> current(UUID tenantId, UUID projectId, String key);

  /** One version of the key; {@code NOT_FOUND} if it does not exist. */
  Future<ContextVersion> version(UUID tenantId, UUID projectId, String key, int version);

  /** The key's versions, newest first, at most {@code limit}; empty for a key never written. */
  Future<List<ContextVersion>> history(UUID tenantId, UUID projectId, String key, int limit);

  /** The project's keys, in key order. */
  Future<List<ContextEntry>> keys(UUID tenantId, UUID projectId);

  /**
   * Makes the value of version {@code toVersion} current again by writing it as a new version (with
   * {@code restoredFrom = toVersion}); every version stays. {@code NOT_FOUND} if there is no such
   * version.
   */
  Future<ContextVersion> rollback(
      UUID tenantId, UUID projectId, String key, int toVersion, String author);
}
