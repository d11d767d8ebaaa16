package io.agentry.worker.tools.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.config.AgentryConfig.ToolSettings;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.tools.email.SendEmailTool;
import io.agentry.worker.tools.web.WebSearchTool;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** web_search and send_email against servers this test starts on 127.0.0.1. */
class WebSearchAndEmailTest {

  static final String RESULTS_PAGE =
      """
      <html><body><div id="links">
      <div class="result results_links result--ad"><a class="result__a" href="https://ads.example/x">Ad</a></div>
      <div class="result results_links web-result">
        <h2 class="result__title"><a class="result__a" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Fvertx.io%2Fdocs%2F&amp;rut=abc">Vert.x <b>documentation</b></a></h2>
        <a class="result__snippet" href="#">Reactive applications on the <b>JVM</b>.</a>
      </div>
      <div class="result results_links web-result">
        <h2 class="result__title"><a class="result__a" href="https://example.org/jgit">JGit user guide</a></h2>
        <div class="result__snippet">Git in pure Java.</div>
      </div>
      </div></body></html>
      """;

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void web_search_posts_the_query_and_parses_title_url_and_snippet() {
    AtomicReference<String> query = new AtomicReference<>();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  req.setExpectMultipart(true);
                  req.endHandler(
                      v -> {
                        query.set(req.getFormAttribute("q"));
                        req.response().putHeader("content-type", "text/html").end(RESULTS_PAGE);
                      });
                })
            .listen(0, "127.0.0.1")
            .await();
    String url = "http://127.0.0.1:" + server.actualPort() + "/html/";
    WebSearchTool search = new WebSearchTool(vertx, url, 5, 5000);

    ToolResult r =
        search.tool().call(call("web_search", new JsonObject().put("query", "vertx jgit"))).await();

    assertThat(query.get()).isEqualTo("vertx jgit");
    assertThat(r.ok()).isTrue();
    JsonArray results = r.data().getJsonArray("results");
    assertThat(results).hasSize(2);
    assertThat(results.getJsonObject(0).getMap())
        .containsEntry("title", "Vert.x documentation")
        .containsEntry("url", "https://vertx.io/docs/")
        .containsEntry("snippet", "Reactive applications on the JVM.");
    assertThat(results.getJsonObject(1).getString("url")).isEqualTo("https://example.org/jgit");
  }

  @Test
  void web_search_reports_an_unreachable_endpoint_as_an_error_result() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    WebSearchTool search =
        new WebSearchTool(vertx, "http://127.0.0.1:" + closedPort + "/", 5, 2000);
    ToolResult r =
        search.tool().call(call("web_search", new JsonObject().put("query", "x"))).await();
    assertThat(r.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(r.output()).startsWith("search failed");
  }

  @Test
  void send_email_delivers_over_smtp_with_credentials() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<List<String>> session =
          CompletableFuture.supplyAsync(() -> serveOne(server));
      ToolSettings settings =
          new ToolSettings(
              "never",
              "",
              5,
              5000,
              "127.0.0.1",
              server.getLocalPort(),
              "agentry@localhost",
              "mailer",
              "s3cret",
              "agentry",
              "");
      SendEmailTool email = new SendEmailTool(vertx, settings);
      JsonObject args =
          new JsonObject()
              .put("to", "ops@example.test, dev@example.test")
              .put("subject", "Task done")
              .put("body", "All gates passed.\n.hidden line\nBye");

      ToolResult r = email.tool().call(call("send_email", args)).await();

      assertThat(r.ok()).as(r.output()).isTrue();
      List<String> lines = session.get(10, TimeUnit.SECONDS);
      String auth =
          lines.stream().filter(l -> l.startsWith("AUTH PLAIN ")).findFirst().orElseThrow();
      assertThat(new String(Base64.getDecoder().decode(auth.substring(11)), StandardCharsets.UTF_8))
          .isEqualTo("\0mailer\0s3cret");
      assertThat(lines)
          .contains(
              "MAIL FROM:<agentry@localhost>",
              "RCPT TO:<ops@example.test>",
              "RCPT TO:<dev@example.test>",
              "Subject: Task done",
              "All gates passed.",
              "..hidden line",
              "QUIT");
    }
  }

  /** A minimal SMTP server for one session; returns every line the client sent. */
  private static List<String> serveOne(ServerSocket server) {
    List<String> lines = new ArrayList<>();
    try (Socket s = server.accept()) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      reply(out, "220 test ESMTP");
      boolean data = false;
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (data) {
          if (line.equals(".")) {
            data = false;
            reply(out, "250 queued");
          }
        } else if (line.startsWith("EHLO")) {
          reply(out, "250-test\r\n250 AUTH PLAIN");
        } else if (line.startsWith("AUTH")) {
          reply(out, "235 ok");
        } else if (line.equals("DATA")) {
          data = true;
          reply(out, "354 go ahead");
        } else if (line.equals("QUIT")) {
          reply(out, "221 bye");
          break;
        } else {
          reply(out, "250 ok");
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lines;
  }

  private static void reply(OutputStream out, String text) throws java.io.IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static ToolCall call(String tool, JsonObject args) {
    return new ToolCall("researcher", tool, args, null, true);
  }
}
