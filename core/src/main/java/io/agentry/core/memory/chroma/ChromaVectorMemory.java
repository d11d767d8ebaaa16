package io.agentry.core.memory.chroma;

import io.agentry.core.config.AgentryConfig.ChromaSettings;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.memory.Embedder;
import io.agentry.core.memory.MemoryCollection;
import io.agentry.core.memory.MemoryHit;
import io.agentry.core.memory.VectorMemory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link VectorMemory} in Chroma: one Chroma database per Agentry tenant ({@code tenant-<uuid>}),
 * inside the Chroma tenant {@code chroma.tenant}, holding one cosine collection per {@link
 * MemoryCollection}. Collections are resolved by name inside the caller's database and their ids
 * cached per (tenant, collection); an id that has gone (its database was deleted, perhaps by
 * another node) is dropped from the cache and resolved again once.
 */
public final class ChromaVectorMemory implements VectorMemory {

  static final String META_COLLECTION = "agentry.collection";
  static final String META_MODEL = "agentry.embedding_model";
  static final String META_DIMENSIONS = "agentry.dimensions";

  private final ChromaClient chroma;
  private final Embedder embedder;
  private final String chromaTenant;
  private final ConcurrentMap<String, Future<ChromaCollection>> collections =
      new ConcurrentHashMap<>();
  private volatile Future<Void> tenantCreated;

  private ChromaVectorMemory(ChromaClient chroma, Embedder embedder, String chromaTenant) {
    this.chroma = chroma;
    this.embedder = embedder;
    this.chromaTenant = chromaTenant;
  }

  public static ChromaVectorMemory create(Vertx vertx, ChromaSettings settings, Embedder embedder) {
    return new ChromaVectorMemory(
        ChromaClient.create(vertx, settings), Objects.requireNonNull(embedder), settings.tenant());
  }

  /** The Chroma database that holds a tenant's memories. */
  public static String databaseOf(UUID tenantId) {
    return "tenant-" + tenantId;
  }

  @Override
  public Future<Void> store(
      UUID tenantId, MemoryCollection collection, String id, String text, JsonObject metadata) {
    return validated(
        () -> {
          requireScope(tenantId, collection);
          requireId(id);
          requireText("text", text);
          JsonObject flat = ChromaMetadata.flatten(metadata);
          Future<float[]> vector = embedder.embed(text);
          return vector.compose(
              v ->
                  withCollection(
                      tenantId,
                      collection,
                      true,
                      c -> chroma.upsert(c, List.of(new ChromaRecord(id, text, flat, v))),
                      null));
        });
  }

  @Override
  public Future<List<MemoryHit>> search(
      UUID tenantId, MemoryCollection collection, String query, int limit, JsonObject where) {
    return validated(
        () -> {
          requireScope(tenantId, collection);
          requireText("query", query);
          if (limit < 1 || limit > MAX_LIMIT) {
            throw bad("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
          }
          JsonObject filter = ChromaMetadata.where(where);
          return embedder
              .embed(query)
              .compose(
                  vector ->
                      withCollection(
                          tenantId,
                          collection,
                          false,
                          c -> chroma.query(c, vector, limit, filter).map(ChromaVectorMemory::hits),
                          List.of()));
        });
  }

  @Override
  public Future<Void> forget(UUID tenantId, MemoryCollection collection, String id) {
    return validated(
        () -> {
          requireScope(tenantId, collection);
          requireId(id);
          return withCollection(
              tenantId, collection, false, c -> chroma.delete(c, List.of(id), null), null);
        });
  }

  @Override
  public Future<Void> forgetMatching(UUID tenantId, MemoryCollection collection, JsonObject where) {
    return validated(
        () -> {
          requireScope(tenantId, collection);
          JsonObject filter = ChromaMetadata.where(where);
          if (filter == null) {
            throw bad("forgetMatching needs a non-empty where filter");
          }
          return withCollection(
              tenantId, collection, false, c -> chroma.delete(c, null, filter), null);
        });
  }

  @Override
  public Future<Long> count(UUID tenantId, MemoryCollection collection) {
    return validated(
        () -> {
          requireScope(tenantId, collection);
          return withCollection(tenantId, collection, false, chroma::count, 0L);
        });
  }

  @Override
  public Future<Void> forgetTenant(UUID tenantId) {
    return validated(
        () -> {
          if (tenantId == null) {
            throw bad("tenantId is required");
          }
          for (MemoryCollection c : MemoryCollection.values()) {
            collections.remove(key(tenantId, c));
          }
          return chroma.deleteDatabase(chromaTenant, databaseOf(tenantId)).mapEmpty();
        });
  }

  @Override
  public Future<Void> close() {
    return chroma.close();
  }

  private static List<MemoryHit> hits(List<ChromaMatch> matches) {
    return matches.stream()
        .map(m -> new MemoryHit(m.id(), m.document(), m.metadata(), 1.0 - m.distance()))
        .toList();
  }

  /**
   * Runs {@code operation} on the tenant's collection. With {@code create}, the collection (and its
   * database) is made when missing; without, a missing collection answers {@code ifMissing} — a
   * read never creates anything. A cached collection that Chroma no longer knows is resolved again
   * once.
   */
  private <T> Future<T> withCollection(
      UUID tenantId,
      MemoryCollection collection,
      boolean create,
      Function<ChromaCollection, Future<T>> operation,
      T ifMissing) {
    Supplier<Future<T>> attempt =
        () ->
            resolve(tenantId, collection, create)
                .compose(c -> c == null ? Future.succeededFuture(ifMissing) : operation.apply(c));
    return attempt
        .get()
        .recover(
            err -> {
              if (err instanceof ChromaException e && e.isNotFound()) {
                collections.remove(key(tenantId, collection));
                return attempt.get();
              }
              return Future.failedFuture(err);
            });
  }

  private Future<ChromaCollection> resolve(
      UUID tenantId, MemoryCollection collection, boolean create) {
    String key = key(tenantId, collection);
    Future<ChromaCollection> cached = collections.get(key);
    if (cached != null && (!cached.isComplete() || cached.succeeded())) {
      return cached;
    }
    String database = databaseOf(tenantId);
    String name = collection.collectionName();
    Future<ChromaCollection> lookup =
        create
            ? chromaTenant()
                .compose(v -> chroma.createDatabase(chromaTenant, database))
                .compose(
                    v ->
                        chroma.getOrCreateCollection(
                            chromaTenant, database, name, collectionMetadata(collection)))
            : chroma.getCollection(chromaTenant, database, name);
    Future<ChromaCollection> checked = lookup.map(c -> c == null ? null : compatible(c, database));
    checked.onComplete(
        done -> {
          if (done.failed() || done.result() == null) {
            collections.remove(key, checked);
          }
        });
    if (create) {
      collections.put(key, checked);
    } else {
      checked.onSuccess(
          c -> {
            if (c != null) {
              collections.putIfAbsent(key, checked);
            }
          });
    }
    return checked;
  }

  /** The collection, if it is one this memory can use: ours, cosine, same embedding model. */
  private ChromaCollection compatible(ChromaCollection c, String database) {
    if (!database.equals(c.database()) || !chromaTenant.equals(c.tenant())) {
      throw new AgentryException(
          ErrorCode.INTERNAL,
          "Chroma answered collection "
              + c.name()
              + " of "
              + c.tenant()
              + "/"
              + c.database()
              + " for "
              + chromaTenant
              + "/"
              + database);
    }
    if (!"cosine".equals(c.space())) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE,
          "Chroma collection "
              + database
              + "/"
              + c.name()
              + " uses distance '"
              + c.space()
              + "'; Agentry's memory needs 'cosine' (delete the collection to let it be remade)");
    }
    Object model = c.metadata().getValue(META_MODEL);
    boolean otherModel = model != null && !embedder.modelName().equals(model);
    boolean otherSize = c.dimension() != null && c.dimension() != embedder.dimensions();
    if (otherModel || otherSize) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE,
          "Chroma collection "
              + database
              + "/"
              + c.name()
              + " holds vectors of "
              + model
              + " ("
              + c.dimension()
              + " dimensions), this node embeds with "
              + embedder.modelName()
              + " ("
              + embedder.dimensions()
              + "); re-embed or delete the collection");
    }
    return c;
  }

  private JsonObject collectionMetadata(MemoryCollection collection) {
    return new JsonObject()
        .put(META_COLLECTION, collection.collectionName())
        .put(META_MODEL, embedder.modelName())
        .put(META_DIMENSIONS, embedder.dimensions());
  }

  /** Creates the Chroma tenant once per memory; a failure is retried by the next call. */
  private Future<Void> chromaTenant() {
    Future<Void> created = tenantCreated;
    if (created != null && (!created.isComplete() || created.succeeded())) {
      return created;
    }
    Future<Void> attempt = chroma.createTenant(chromaTenant);
    tenantCreated = attempt;
    return attempt;
  }

  private static String key(UUID tenantId, MemoryCollection collection) {
    return tenantId + "/" + collection.collectionName();
  }

  /** Runs the argument checks and the call; a failed check becomes a failed future. */
  private static <T> Future<T> validated(Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
  }

  private static void requireScope(UUID tenantId, MemoryCollection collection) {
    if (tenantId == null) {
      throw bad("tenantId is required");
    }
    if (collection == null) {
      throw bad("collection is required");
    }
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank()) {
      throw bad("id must not be blank");
    }
    if (id.length() > MAX_ID_CHARS) {
      throw bad("id is longer than " + MAX_ID_CHARS + " characters");
    }
  }

  private static void requireText(String field, String text) {
    if (text == null || text.isBlank()) {
      throw bad(field + " must not be blank");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      throw bad(
          field + " has " + text.length() + " characters; at most " + MAX_TEXT_CHARS + " allowed");
    }
  }

  private static AgentryException bad(String message) {
    return new AgentryException(ErrorCode.BAD_USER_INPUT, message);
  }
}
