package io.agentry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard as the api role serves it from the class path (built into target/classes by the
 * module's npm step): the page on {@code /} and on every page path, hashed assets cached for good,
 * misses not cached, and the API's own paths untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardRoutesTest {

  private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

  private ApiTestNode api;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<Buffer> get(String path) {
    return api.client.get(path).putHeader("accept", "text/html").send().await();
  }

  @Test
  void the_page_is_served_on_root_and_on_page_paths_never_cached() {
    for (String path : new String[] {"/", "/agents", "/ledger?project=x", "/index.html"}) {
      HttpResponse<Buffer> page = get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.getHeader("content-type")).as(path).startsWith("text/html");
      assertThat(page.getHeader("cache-control")).as(path).isEqualTo("no-cache");
      assertThat(page.getHeader("content-security-policy")).as(path).contains("default-src 'self'");
      assertThat(page.bodyAsString()).as(path).contains("<div id=\"app\">");
    }
  }

  @Test
  void hashed_assets_are_cached_for_good_and_misses_are_not_cached() {
    Matcher script = SCRIPT.matcher(get("/").bodyAsString());
    assertThat(script.find()).as("index.html names its script").isTrue();
    HttpResponse<Buffer> asset = get(script.group(1));
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.getHeader("content-type")).startsWith("text/javascript");
    assertThat(asset.getHeader("cache-control")).contains("immutable", "max-age=31536000");
    assertThat(asset.bodyAsString()).contains("graphql-transport-ws");

    HttpResponse<Buffer> missing = get("/assets/no-such-file.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("cache-control")).isEqualTo("no-store");
    assertThat(get("/favicon.png").statusCode()).isEqualTo(404);
  }

  @Test
  void the_api_paths_keep_their_handlers() {
    assertThat(get("/health").getHeader("content-type")).isEqualTo("application/json");
    assertThat(get("/metrics").getHeader("content-type")).startsWith("text/plain");
    // A browser's GET of /graphql is answered by GraphQL (here: refused), not by the page.
    HttpResponse<Buffer> graphql = get("/graphql?query=%7B__typename%7D");
    assertThat(graphql.getHeader("content-type")).startsWith("application/json");
    assertThat(graphql.bodyAsString()).contains("\"errors\"", "\"code\"");
  }
}
