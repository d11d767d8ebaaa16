package io.agentry.node.testing;

import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.auth.Role;
import io.agentry.core.persistence.PgPools;
import io.agentry.core.testing.TestConfig;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * A minimal GraphQL-over-HTTP client for black-box tests of a node in another JVM. It sends an
 * admin API key of a fresh tenant, minted in the test database the node uses.
 */
public final class GraphQLProbe {

  private static volatile String adminToken;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI endpoint;
  private final String base;

  public GraphQLProbe(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.endpoint = URI.create(base + "/graphql");
  }

  /** Returns the whole response body ({@code data} and {@code errors}). */
  public JsonObject query(String query) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + adminToken())
            .POST(
                HttpRequest.BodyPublishers.ofString(new JsonObject().put("query", query).encode()))
            .build();
    return new JsonObject(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** The admin key of the probe's tenant, for other test clients of the same tenant. */
  public static String adminTokenForTests() {
    return adminToken();
  }

  private static synchronized String adminToken() {
    if (adminToken == null) {
      var config = TestConfig.load();
      TestDatabase.migrate(config);
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = PgPools.create(vertx, config.postgres());
        UUID tenant = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO tenants (id, name) VALUES ($1, $2)")
            .execute(Tuple.of(tenant, "probe-" + tenant))
            .await();
        adminToken = ApiKeyStore.create(pool).create(tenant, "probe", Role.ADMIN).await().token();
      } finally {
        vertx.close().await();
      }
    }
    return adminToken;
  }

  public int status(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
