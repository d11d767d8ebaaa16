package io.agentry.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: a single-page app built by npm at build time into the classpath folder {@value
 * #ROOT} (see {@code src/main/web}), served at {@code /}. Files under {@code /assets/} carry a
 * content hash in their names and are cached for a year; {@code index.html} is never cached, so a
 * new build is picked up on the next load. Any other page path ({@code /agents}, {@code /ledger},
 * ...) answers with {@code index.html} and the app routes it. Mounted after the API routes, which
 * keep their paths.
 */
final class DashboardRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);

  static final String ROOT = "dashboard";
  private static final String INDEX = ROOT + "/index.html";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /**
   * Only what the page's own origin serves: its scripts and styles, and GraphQL over HTTP and
   * WebSocket on the same host.
   */
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self';"
          + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private final Buffer index;

  private DashboardRoutes(Buffer index) {
    this.index = index;
  }

  /**
   * Reads the built page and mounts it. A build without the dashboard ({@code -Ddashboard.skip})
   * still starts; its {@code /} says why there is no page.
   */
  static Future<Void> mount(Vertx vertx, Router router) {
    return vertx
        .fileSystem()
        .readFile(INDEX)
        .map(
            index -> {
              new DashboardRoutes(index).routes(router);
              return (Void) null;
            })
        .recover(
            missing -> {
              LOG.warn("no dashboard in this build ({} not on the class path)", INDEX);
              router.get("/").handler(DashboardRoutes::notBuilt);
              return Future.succeededFuture();
            });
  }

  private void routes(Router router) {
    router.get("/").handler(this::page);
    router.get("/index.html").handler(this::page);
    // StaticHandler keeps a cache-control header that is already set. A miss (404) is not cached:
    // the file may exist after the next deployment.
    router
        .get("/*")
        .handler(
            ctx -> {
              boolean hashed = ctx.normalizedPath().startsWith("/assets/");
              HttpServerResponse response = ctx.response();
              response.putHeader("cache-control", hashed ? IMMUTABLE : "no-cache");
              ctx.addHeadersEndHandler(
                  v -> {
                    if (response.getStatusCode() >= 400) {
                      response.putHeader("cache-control", "no-store");
                    }
                  });
              ctx.next();
            });
    router
        .get("/*")
        .handler(
            StaticHandler.create(ROOT)
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setCachingEnabled(true)
                .setSendVaryHeader(false));
    router.get("/*").handler(this::fallback);
  }

  /** Page paths of the app get the page; missing files get the default 404. */
  private void fallback(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (path.startsWith("/assets/") || path.startsWith("/graphiql") || last.contains(".")) {
      ctx.next();
      return;
    }
    page(ctx);
  }

  private void page(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("content-security-policy", CSP)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .end(index);
  }

  private static void notBuilt(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(503)
        .putHeader("content-type", "text/plain; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(
            "This node was built without the dashboard (-Ddashboard.skip=true).\n"
                + "GraphQL is on /graphql; rebuild without that flag for the web page.\n");
  }
}
