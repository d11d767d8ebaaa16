package io.agentry.core.memory.chroma;

import io.agentry.core.config.AgentryConfig.ChromaSettings;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The calls Agentry needs from Chroma's v2 REST API ({@code /api/v2}; Chroma 1.x serves nothing
 * else): tenants, databases, collections with our own embeddings in cosine space, upsert, query by
 * embedding with a {@code where} filter, delete and count. Non-blocking on the Vert.x web client;
 * every call is bounded by {@code chroma.timeoutMs}. Failures are {@link ChromaException}s.
 *
 * <p>Chroma 1.0 does not check that a collection id belongs to the tenant and database named in the
 * path: whoever holds an id can use it under any path. Callers must therefore resolve collections
 * by name inside the right database and never accept an id from outside.
 */
public final class ChromaClient {

  /** Chroma's rule for tenant, database and collection names. */
  private static final Pattern NAME =
      Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]");

  private final WebClient http;
  private final String url;
  private final String api;
  private final long timeoutMs;

  private ChromaClient(WebClient http, String url, long timeoutMs) {
    this.http = http;
    this.url = url;
    this.api = url + "/api/v2";
    this.timeoutMs = timeoutMs;
  }

  /** Creates the client; nothing is contacted until the first call. */
  public static ChromaClient create(Vertx vertx, ChromaSettings settings) {
    String url = settings.url().replaceAll("/+$", "");
    WebClientOptions options =
        new WebClientOptions()
            .setConnectTimeout(settings.timeoutMs())
            .setKeepAlive(true)
            .setUserAgent("agentry");
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(16);
    return new ChromaClient(WebClient.create(vertx, options, pool), url, settings.timeoutMs());
  }

  public String url() {
    return url;
  }

  /** Creates a tenant; one that exists already is fine. */
  public Future<Void> createTenant(String tenant) {
    return names("tenant", tenant)
        .compose(
            ok ->
                call(
                    HttpMethod.POST,
                    "/tenants",
                    new JsonObject().put("name", tenant),
                    "creating tenant " + tenant))
        .transform(ChromaClient::existingIsFine);
  }

  /** Creates a database in a tenant; one that exists already is fine. */
  public Future<Void> createDatabase(String tenant, String database) {
    return names("tenant", tenant, "database", database)
        .compose(
            ok ->
                call(
                    HttpMethod.POST,
                    "/tenants/" + tenant + "/databases",
                    new JsonObject().put("name", database),
                    "creating database " + database))
        .transform(ChromaClient::existingIsFine);
  }

  /** Deletes a database with all its collections; true if it existed. */
  public Future<Boolean> deleteDatabase(String tenant, String database) {
    return names("tenant", tenant, "database", database)
        .compose(
            ok ->
                call(
                        HttpMethod.DELETE,
                        databasePath(tenant, database),
                        null,
                        "deleting database " + database)
                    .map(true)
                    .recover(ChromaClient.ifNotFound(false)));
  }

  /**
   * Gets a collection by name, or creates it in cosine space with the given metadata. Chroma
   * answers an existing collection as it is (whatever its space): callers check {@link
   * ChromaCollection#space()}. Fails with {@code BAD_USER_INPUT} when the database does not exist.
   */
  public Future<ChromaCollection> getOrCreateCollection(
      String tenant, String database, String name, JsonObject metadata) {
    JsonObject body =
        new JsonObject()
            .put("name", name)
            .put("get_or_create", true)
            .put(
                "configuration",
                new JsonObject().put("hnsw", new JsonObject().put("space", "cosine")));
    if (metadata != null && !metadata.isEmpty()) {
      body.put("metadata", metadata);
    }
    return names("tenant", tenant, "database", database, "collection", name)
        .compose(
            ok ->
                call(
                    HttpMethod.POST,
                    databasePath(tenant, database) + "/collections",
                    body,
                    "creating collection " + name))
        .map(ChromaCollection::fromJson);
  }

  /** A collection by name, or null when it (or its database) does not exist. */
  public Future<ChromaCollection> getCollection(String tenant, String database, String name) {
    return names("tenant", tenant, "database", database, "collection", name)
        .compose(
            ok ->
                call(
                        HttpMethod.GET,
                        databasePath(tenant, database) + "/collections/" + name,
                        null,
                        "reading collection " + name)
                    .map(ChromaCollection::fromJson)
                    .recover(ChromaClient.ifNotFound(null)));
  }

  /** Adds records, replacing those whose ids exist already. */
  public Future<Void> upsert(ChromaCollection collection, List<ChromaRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray ids = new JsonArray();
    JsonArray documents = new JsonArray();
    JsonArray metadatas = new JsonArray();
    JsonArray embeddings = new JsonArray();
    for (ChromaRecord record : records) {
      ids.add(record.id());
      documents.add(record.document());
      metadatas.add(
          record.metadata() == null || record.metadata().isEmpty() ? null : record.metadata());
      embeddings.add(vector(record.embedding()));
    }
    JsonObject body =
        new JsonObject()
            .put("ids", ids)
            .put("documents", documents)
            .put("metadatas", metadatas)
            .put("embeddings", embeddings);
    return call(HttpMethod.POST, collectionPath(collection) + "/upsert", body, "upserting records")
        .mapEmpty();
  }

  /**
   * The {@code nResults} records nearest to {@code embedding}, nearest first, among those matching
   * {@code where} (Chroma's filter syntax; null for none).
   */
  public Future<List<ChromaMatch>> query(
      ChromaCollection collection, float[] embedding, int nResults, JsonObject where) {
    JsonObject body =
        new JsonObject()
            .put("query_embeddings", new JsonArray().add(vector(embedding)))
            .put("n_results", nResults)
            .put("include", new JsonArray().add("documents").add("metadatas").add("distances"));
    if (where != null && !where.isEmpty()) {
      body.put("where", where);
    }
    return call(HttpMethod.POST, collectionPath(collection) + "/query", body, "the query")
        .map(ChromaClient::firstQueryResults);
  }

  /** Deletes the records with these ids (null for any) that match {@code where} (null for any). */
  public Future<Void> delete(ChromaCollection collection, List<String> ids, JsonObject where) {
    boolean noIds = ids == null || ids.isEmpty();
    boolean noWhere = where == null || where.isEmpty();
    if (noIds && noWhere) {
      return Future.failedFuture(
          new AgentryException(ErrorCode.BAD_USER_INPUT, "a delete needs ids or a where filter"));
    }
    JsonObject body = new JsonObject();
    if (!noIds) {
      body.put("ids", new JsonArray(new ArrayList<>(ids)));
    }
    if (!noWhere) {
      body.put("where", where);
    }
    return call(HttpMethod.POST, collectionPath(collection) + "/delete", body, "deleting records")
        .mapEmpty();
  }

  public Future<Long> count(ChromaCollection collection) {
    return callRaw(HttpMethod.GET, collectionPath(collection) + "/count", null, "counting records")
        .map(body -> Long.parseLong(body.toString().trim()));
  }

  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }

  private static List<ChromaMatch> firstQueryResults(JsonObject response) {
    JsonArray ids = first(response.getJsonArray("ids"));
    JsonArray documents = first(response.getJsonArray("documents"));
    JsonArray metadatas = first(response.getJsonArray("metadatas"));
    JsonArray distances = first(response.getJsonArray("distances"));
    List<ChromaMatch> matches = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      JsonObject metadata = metadatas.size() > i ? metadatas.getJsonObject(i) : null;
      Number distance = distances.size() > i ? distances.getNumber(i) : null;
      matches.add(
          new ChromaMatch(
              ids.getString(i),
              documents.size() > i ? documents.getString(i) : null,
              metadata == null ? new JsonObject() : metadata,
              distance == null ? Double.NaN : distance.doubleValue()));
    }
    return matches;
  }

  private static JsonArray first(JsonArray perQuery) {
    return perQuery == null || perQuery.isEmpty() || perQuery.getJsonArray(0) == null
        ? new JsonArray()
        : perQuery.getJsonArray(0);
  }

  private static JsonArray vector(float[] embedding) {
    JsonArray values = new JsonArray(new ArrayList<>(embedding.length));
    for (float v : embedding) {
      values.add(v);
    }
    return values;
  }

  private static Future<Void> existingIsFine(AsyncResult<JsonObject> done) {
    if (done.succeeded() || done.cause() instanceof ChromaException e && e.isConflict()) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(done.cause());
  }

  /** A recovery that turns a 404 into {@code value} and passes every other failure on. */
  private static <T> Function<Throwable, Future<T>> ifNotFound(T value) {
    return err ->
        err instanceof ChromaException e && e.isNotFound()
            ? Future.succeededFuture(value)
            : Future.failedFuture(err);
  }

  private static String databasePath(String tenant, String database) {
    return "/tenants/" + tenant + "/databases/" + database;
  }

  private static String collectionPath(ChromaCollection c) {
    return databasePath(c.tenant(), c.database()) + "/collections/" + c.id();
  }

  /** Succeeds when every name (given as what, name pairs) is a valid Chroma name. */
  private static Future<Void> names(String... whatAndName) {
    for (int i = 0; i < whatAndName.length; i += 2) {
      String what = whatAndName[i];
      String name = whatAndName[i + 1];
      if (name == null || !NAME.matcher(name).matches()) {
        return Future.failedFuture(badName(what, name));
      }
    }
    return Future.succeededFuture();
  }

  private static AgentryException badName(String what, String name) {
    return new AgentryException(
        ErrorCode.BAD_USER_INPUT,
        "Chroma "
            + what
            + " name '"
            + name
            + "' must be 3-512 characters of [a-zA-Z0-9._-], starting and ending alphanumeric");
  }

  private Future<JsonObject> call(HttpMethod method, String path, JsonObject body, String action) {
    return callRaw(method, path, body, action)
        .compose(
            buffer -> {
              try {
                return Future.succeededFuture(
                    buffer == null || buffer.length() == 0
                        ? new JsonObject()
                        : buffer.toJsonObject());
              } catch (DecodeException e) {
                return Future.failedFuture(
                    ChromaException.answered(502, action, "the answer is not a JSON object"));
              }
            });
  }

  private Future<Buffer> callRaw(HttpMethod method, String path, JsonObject body, String action) {
    var request = http.requestAbs(method, api + path).timeout(timeoutMs);
    if (body != null) {
      request.putHeader("content-type", "application/json");
    }
    Future<HttpResponse<Buffer>> sent =
        body == null ? request.send() : request.sendBuffer(body.toBuffer());
    return sent.transform(
        done -> {
          if (done.failed()) {
            Throwable cause = done.cause();
            return Future.failedFuture(
                cause instanceof TimeoutException
                    ? ChromaException.timedOut(url, action, timeoutMs)
                    : ChromaException.unreachable(url, cause));
          }
          HttpResponse<Buffer> response = done.result();
          if (response.statusCode() / 100 == 2) {
            return Future.succeededFuture(response.body());
          }
          return Future.failedFuture(
              ChromaException.answered(response.statusCode(), action, errorMessage(response)));
        });
  }

  private static String errorMessage(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return response.statusMessage();
    }
    try {
      JsonObject json = body.toJsonObject();
      return json.getString("message", json.getString("error", body.toString()));
    } catch (DecodeException e) {
      String text = body.toString();
      return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
  }
}
