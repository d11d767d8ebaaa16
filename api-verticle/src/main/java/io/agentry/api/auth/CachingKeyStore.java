package io.agentry.api.auth;

import io.agentry.core.auth.ApiKey;
import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.auth.IssuedKey;
import io.agentry.core.auth.Principal;
import io.agentry.core.auth.Role;
import io.agentry.core.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Remembers who a token belongs to for a short time, so that a busy client does not cost a database
 * read per request. Revocation is immediate on every api node all the same: {@link #revoke}
 * publishes {@link Addresses#API_KEY_REVOKED} cluster-wide after the database has the revocation,
 * and every node's cache drops the key when it hears it. A lookup that was under way while a
 * revocation arrived is not cached (it may have read the key before the revocation). Unknown tokens
 * are never cached. Tokens are held only as their SHA-256.
 */
public final class CachingKeyStore implements ApiKeyStore {

  /** How long a cached principal is used without asking the database again. */
  public static final long TTL_MS = 30_000;

  /** Entries kept at most; the least recently used goes first. */
  public static final int MAX_ENTRIES = 10_000;

  private record Cached(Principal principal, long expiresAt) {}

  private final Vertx vertx;
  private final ApiKeyStore store;
  private final long ttlMs;
  private final Map<String, Cached> entries;
  private long revocations;
  private MessageConsumer<JsonObject> consumer;

  public CachingKeyStore(Vertx vertx, ApiKeyStore store, long ttlMs, int maxEntries) {
    this.vertx = vertx;
    this.store = store;
    this.ttlMs = ttlMs;
    this.entries =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** Listens for revocations from every node. */
  public Future<Void> start() {
    consumer =
        vertx
            .eventBus()
            .consumer(
                Addresses.API_KEY_REVOKED,
                m -> forget(UUID.fromString(m.body().getString("keyId"))));
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  @Override
  public Future<Optional<Principal>> authenticate(String token) {
    if (token == null) {
      return store.authenticate(null);
    }
    String hash = sha256(token);
    long now = System.currentTimeMillis();
    synchronized (this) {
      Cached entry = entries.get(hash);
      if (entry != null && entry.expiresAt() > now) {
        return Future.succeededFuture(Optional.of(entry.principal()));
      }
    }
    long seenRevocations = revocationCount();
    return store
        .authenticate(token)
        .onSuccess(
            found ->
                found.ifPresent(
                    principal -> {
                      synchronized (this) {
                        if (revocations == seenRevocations) {
                          entries.put(hash, new Cached(principal, now + ttlMs));
                        }
                      }
                    }));
  }

  /** Revokes in the database, then tells every api node (this one included) to forget the key. */
  @Override
  public Future<ApiKey> revoke(UUID tenantId, UUID keyId) {
    return store
        .revoke(tenantId, keyId)
        .onSuccess(
            key -> {
              forget(keyId);
              vertx
                  .eventBus()
                  .publish(
                      Addresses.API_KEY_REVOKED, new JsonObject().put("keyId", keyId.toString()));
            });
  }

  /** Drops every cached token of the key. */
  synchronized void forget(UUID keyId) {
    revocations++;
    entries.values().removeIf(e -> e.principal().keyId().equals(keyId));
  }

  private synchronized long revocationCount() {
    return revocations;
  }

  synchronized int size() {
    return entries.size();
  }

  @Override
  public Future<IssuedKey> create(UUID tenantId, String name, Role role) {
    return store.create(tenantId, name, role);
  }

  @Override
  public Future<List<ApiKey>> list(UUID tenantId) {
    return store.list(tenantId);
  }

  @Override
  public Future<IssuedKey> createTenant(String tenantName) {
    return store.createTenant(tenantName);
  }

  @Override
  public Future<Optional<IssuedKey>> bootstrapAdmin(String tenantName) {
    return store.bootstrapAdmin(tenantName);
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
