package io.agentry.core.context;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One immutable version of a shared-context key.
 *
 * @param version 1, 2, 3 .. per key, without gaps
 * @param restoredFrom for a version written by a rollback, the version whose value it restores;
 *     otherwise null
 */
public record ContextVersion(
    UUID tenantId,
    UUID projectId,
    String key,
    int version,
    JsonObject value,
    String author,
    Integer restoredFrom,
    Instant createdAt) {}
