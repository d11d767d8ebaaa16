package io.agentry.node.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A minimal GraphQL-over-HTTP client for black-box tests of a node in another JVM. */
public final class GraphQLProbe {

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
            .POST(
                HttpRequest.BodyPublishers.ofString(new JsonObject().put("query", query).encode()))
            .build();
    return new JsonObject(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  public int status(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
