package io.agentry.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.api.testing.CountingPool;
import io.agentry.core.auth.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The authentication cache: a known key costs no database read while cached, and a revocation on
 * one api node is honoured by another at once (two api verticles sharing one event bus, as the api
 * nodes of a cluster do).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyCacheTest {

  private final CountingPool[] pool = new CountingPool[1];
  private ApiTestNode api;
  private WebClient otherNode;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of(), node -> pool[0] = new CountingPool(node.pg()));
    int port = api.startAnotherApi();
    otherNode =
        WebClient.create(
            api.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private int statusOnOtherNode(String token) {
    return otherNode
        .post("/graphql")
        .putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("query", "{ node { id } }"))
        .await()
        .statusCode();
  }

  @Test
  void a_cached_key_needs_no_database_read() {
    String admin = api.key(api.newTenant(), Role.ADMIN);
    assertThat(api.post(admin, "{ node { id } }", null).statusCode()).isEqualTo(200);
    pool[0].reset();
    for (int i = 0; i < 5; i++) {
      assertThat(api.post(admin, "{ node { id } }", null).statusCode()).isEqualTo(200);
    }
    assertThat(pool[0].statements()).isZero();
  }

  @Test
  void a_key_revoked_on_one_node_is_refused_by_another_at_once() {
    UUID tenant = api.newTenant();
    String admin = api.key(tenant, Role.ADMIN);
    String victim = api.key(tenant, Role.ADMIN);
    // Both nodes have the key cached now.
    assertThat(api.post(victim, "{ node { id } }", null).statusCode()).isEqualTo(200);
    assertThat(statusOnOtherNode(victim)).isEqualTo(200);
    String keyId =
        api.data(victim, "{ viewer { keyId } }", null).getJsonObject("viewer").getString("keyId");

    api.data(admin, "mutation { revokeApiKey(id: \"" + keyId + "\") { revokedAt } }", null);

    assertThat(statusOnOtherNode(victim)).isEqualTo(401);
    assertThat(api.post(victim, "{ node { id } }", null).statusCode()).isEqualTo(401);
    assertThat(statusOnOtherNode(admin)).isEqualTo(200);
  }
}
