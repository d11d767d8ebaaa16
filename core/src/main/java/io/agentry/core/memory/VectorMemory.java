package io.agentry.core.memory;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.AgentryConfig.ChromaSettings;
import io.agentry.core.memory.chroma.ChromaVectorMemory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Semantic memory of a tenant: code snippets, error patterns, solutions and requirements, found by
 * meaning rather than by words. Texts are embedded in process ({@link Embedder}) and kept in
 * Chroma. Tenants are isolated: every call names its tenant and sees only that tenant's memories
 * (docs/adr/0004).
 *
 * <p>Errors: invalid arguments are {@code BAD_USER_INPUT}; Chroma unreachable, timing out or
 * failing is {@code UNAVAILABLE} (callers that only enrich a prompt may go on without memory); a
 * collection made incompatibly by someone else (other distance, other model) is {@code
 * ILLEGAL_STATE}.
 */
public interface VectorMemory {

  /** The longest text (in characters) that may be stored or searched for. */
  int MAX_TEXT_CHARS = 32_768;

  /** The longest id (in characters). */
  int MAX_ID_CHARS = 256;

  /** The most hits one search may ask for. */
  int MAX_LIMIT = 100;

  static VectorMemory create(Vertx vertx, ChromaSettings chroma, Embedder embedder) {
    return ChromaVectorMemory.create(vertx, chroma, embedder);
  }

  static VectorMemory create(Vertx vertx, AgentryConfig config, Embedder embedder) {
    return create(vertx, config.chroma(), embedder);
  }

  /**
   * Stores {@code text} under {@code id}, replacing whatever that id held: storing the same id
   * again is safe. Metadata is flattened to what Chroma holds (see {@link MemoryHit#metadata()});
   * keys must not start with {@code $} or {@code #}. Null metadata is none.
   */
  Future<Void> store(
      UUID tenantId, MemoryCollection collection, String id, String text, JsonObject metadata);

  /**
   * The {@code limit} memories nearest in meaning to {@code query}, most similar first, among those
   * whose metadata matches {@code where}: Chroma's filter syntax ({@code {"project": "p1"}}, {@code
   * {"attempts": {"$gte": 2}}}, {@code $and}/{@code $or}, {@code $in}); several top-level keys must
   * all match; nested objects match dotted keys. Null or empty {@code where} matches all.
   */
  Future<List<MemoryHit>> search(
      UUID tenantId, MemoryCollection collection, String query, int limit, JsonObject where);

  /** Forgets one memory; an id that is not there is fine. */
  Future<Void> forget(UUID tenantId, MemoryCollection collection, String id);

  /** Forgets every memory matching {@code where} (which must not be empty), e.g. of one project. */
  Future<Void> forgetMatching(UUID tenantId, MemoryCollection collection, JsonObject where);

  /** How many memories the tenant holds in a collection. */
  Future<Long> count(UUID tenantId, MemoryCollection collection);

  /** Forgets everything of a tenant, in every collection (for deleting a tenant). */
  Future<Void> forgetTenant(UUID tenantId);

  /** Closes the connection to Chroma; the embedder is the caller's to close. */
  Future<Void> close();
}
