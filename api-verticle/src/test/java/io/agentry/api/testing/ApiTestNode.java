package io.agentry.api.testing;

import io.agentry.api.ApiVerticle;
import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.auth.IssuedKey;
import io.agentry.core.auth.Role;
import io.agentry.core.cluster.ClusterView;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.testing.TestConfig;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * An api node in-process against the real local services (test database, Redis), on an ephemeral
 * port of 127.0.0.1, with helpers to make tenants, projects and keys and to send queries.
 */
public final class ApiTestNode implements AutoCloseable {

  public final Vertx vertx;
  public final NodeServices node;
  public final ApiVerticle api;
  public final WebClient client;
  public final Path dataDir;

  private ApiTestNode(Vertx vertx, NodeServices node, ApiVerticle api, Path dataDir) {
    this.vertx = vertx;
    this.node = node;
    this.api = api;
    this.dataDir = dataDir;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.actualPort()));
  }

  public static ApiTestNode start(Map<String, String> overrides) {
    return start(overrides, n -> n.pg());
  }

  /** {@code pool} picks the pool the api uses (e.g. a counting wrapper around the node's). */
  public static ApiTestNode start(
      Map<String, String> overrides, Function<NodeServices, Pool> pool) {
    try {
      Path dataDir = Files.createTempDirectory("agentry-api-test");
      Map<String, String> env = new HashMap<>(overrides);
      env.put("AGENTRY_HTTP_PORT", "0");
      env.put("AGENTRY_NODE_DATA_DIR", dataDir.toString());
      var config = TestConfig.load(env);
      TestDatabase.migrate(config);
      Vertx vertx = Vertx.vertx();
      var identity =
          new NodeIdentity(
              "api-test-node", EnumSet.of(NodeRole.API), "localhost", null, Instant.now());
      NodeServices node =
          NodeServicesFactory.create(
              vertx,
              config,
              identity,
              ClusterView.standalone(identity.id()),
              NodeMetrics.createRegistry());
      node.registry().register(identity).await();
      ApiVerticle api = new ApiVerticle(node, pool.apply(node));
      vertx.deployVerticle(api).await();
      return new ApiTestNode(vertx, node, api, dataDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A second api verticle on the same Vert.x (so the same event bus, as another api node of the
   * cluster would share it), with its own HTTP port, caches and feeds; returns its port.
   */
  public int startAnotherApi() {
    ApiVerticle another = new ApiVerticle(node);
    vertx.deployVerticle(another).await();
    return another.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + api.actualPort() + "/graphql";
  }

  public UUID newTenant() {
    UUID id = UUID.randomUUID();
    node.pg()
        .preparedQuery("INSERT INTO tenants (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(id, "tenant-" + id))
        .await();
    return id;
  }

  public String key(UUID tenant, Role role) {
    IssuedKey key = ApiKeyStore.create(node.pg()).create(tenant, "test " + role, role).await();
    return key.token();
  }

  /** POSTs a query with variables as {@code token}; returns the raw response. */
  public HttpResponse<Buffer> post(String token, String query, JsonObject variables) {
    var request = client.post("/graphql").putHeader("content-type", "application/json");
    if (token != null) {
      request.putHeader("authorization", "Bearer " + token);
    }
    JsonObject body = new JsonObject().put("query", query);
    if (variables != null) {
      body.put("variables", variables);
    }
    return request.sendJsonObject(body).await();
  }

  /** The {@code data} of a query that must succeed. */
  public JsonObject data(String token, String query, JsonObject variables) {
    JsonObject body = post(token, query, variables).bodyAsJsonObject();
    if (body.getJsonArray("errors") != null) {
      throw new AssertionError("unexpected errors: " + body.encodePrettily());
    }
    return body.getJsonObject("data");
  }

  /** The first error's {@code extensions.code}. */
  public String errorCode(String token, String query, JsonObject variables) {
    JsonObject body = post(token, query, variables).bodyAsJsonObject();
    if (body.getJsonArray("errors") == null) {
      throw new AssertionError("expected an error: " + body.encodePrettily());
    }
    return body.getJsonArray("errors")
        .getJsonObject(0)
        .getJsonObject("extensions")
        .getString("code");
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
