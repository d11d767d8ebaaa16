package io.agentry.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The per-key token bucket in Redis: a burst passes, the next request gets 429, others do not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest {

  private ApiTestNode api;

  @BeforeAll
  void start() {
    api =
        ApiTestNode.start(
            Map.of(
                "AGENTRY_HTTP_RATE_LIMIT_PER_SECOND", "1", "AGENTRY_HTTP_RATE_LIMIT_BURST", "5"));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void a_key_over_its_limit_gets_429_with_code_rate_limited_and_other_keys_pass() {
    var tenant = api.newTenant();
    String busy = api.key(tenant, Role.VIEWER);
    String other = api.key(tenant, Role.VIEWER);
    for (int i = 0; i < 5; i++) {
      assertThat(api.post(busy, "{ viewer { role } }", null).statusCode()).isEqualTo(200);
    }
    var refused = api.post(busy, "{ viewer { role } }", null);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("retry-after")).isEqualTo("1");
    JsonObject error = refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(api.post(other, "{ viewer { role } }", null).statusCode()).isEqualTo(200);
  }
}
