package io.agentry.api;

import io.agentry.api.auth.AdminKeyFile;
import io.agentry.api.auth.CachingKeyStore;
import io.agentry.api.auth.Gatekeeper;
import io.agentry.api.auth.RateLimiter;
import io.agentry.api.events.LedgerFeed;
import io.agentry.api.events.WorkerPools;
import io.agentry.api.graphql.ApiServices;
import io.agentry.api.graphql.GraphQLFactory;
import io.agentry.api.http.GraphQLHttpHandler;
import io.agentry.api.ws.GraphQLWsHandler;
import io.agentry.core.bus.RolePing;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api role: GraphQL on {@code /graphql} over HTTP and WebSocket ({@code graphql-transport-ws})
 * (GraphiQL on {@code /graphiql/} when enabled), health and readiness, Prometheus metrics, and the
 * dashboard on {@code /} ({@link DashboardRoutes}).
 */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  /** Larger request bodies (and WebSocket messages) are refused before any parsing. */
  static final long MAX_BODY_BYTES = 256 * 1024;

  /** A WebSocket that sends no {@code connection_init} within this is closed with 4408. */
  static final long WS_INIT_TIMEOUT_MS = 3_000;

  private final NodeServices node;
  private final Pool pool;
  private HttpServer server;
  private LedgerFeed feed;
  private CachingKeyStore apiKeys;

  public ApiVerticle(NodeServices node) {
    this(node, node.pg());
  }

  /** With the pool the API reads and writes through (tests pass one that counts statements). */
  public ApiVerticle(NodeServices node, Pool pool) {
    this.node = node;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    feed = LedgerFeed.create(vertx, node.config().postgres(), LedgerStore.create(pool));
    WorkerPools workerPools = new WorkerPools(vertx, node.registry());
    ApiServices services = ApiServices.create(vertx, node, pool, feed, workerPools);
    var graphQL = GraphQLFactory.create(services);
    var http = node.config().http();
    Gatekeeper gatekeeper =
        new Gatekeeper(
            services.apiKeys(),
            new RateLimiter(node.redis(), http.rateLimitPerSecond(), http.rateLimitBurst()));

    Router router = Router.router(vertx);
    HttpErrors.mount(router);
    new HealthRoutes(node).mount(router);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(node.metrics()));
    // The WebSocket upgrade must be taken before the body handler reads the request.
    router
        .route("/graphql")
        .handler(new GraphQLWsHandler(graphQL, services, gatekeeper, WS_INIT_TIMEOUT_MS));
    router.route("/graphql").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.route("/graphql").handler(new GraphQLHttpHandler(graphQL, services, gatekeeper));
    if (http.graphiql()) {
      GraphiQLHandler graphiql =
          GraphiQLHandler.create(vertx, new GraphiQLHandlerOptions().setEnabled(true));
      router.route("/graphiql*").subRouter(graphiql.router());
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(http.host())
            .setPort(http.port())
            .addWebSocketSubProtocol(GraphQLWsHandler.SUBPROTOCOL)
            .setMaxWebSocketMessageSize((int) MAX_BODY_BYTES);
    apiKeys = services.apiKeys();
    return Future.all(
            RolePing.answer(vertx, NodeRole.API, node.identity()), feed.start(), apiKeys.start())
        .compose(v -> workerPools.start())
        .compose(v -> bootstrapAdminKey(services))
        .compose(v -> DashboardRoutes.mount(vertx, router))
        .compose(v -> vertx.createHttpServer(options).requestHandler(router).listen())
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return Future.all(
            feed == null ? Future.succeededFuture() : feed.stop(),
            apiKeys == null ? Future.succeededFuture() : apiKeys.stop())
        .mapEmpty();
  }

  /** The first api node of an empty installation issues the admin key; see {@link AdminKeyFile}. */
  private Future<Void> bootstrapAdminKey(ApiServices services) {
    Path dataDir = node.config().node().dataDir();
    return services
        .apiKeys()
        .bootstrapAdmin(ApiServices.OPERATOR_TENANT)
        .compose(
            issued -> {
              if (issued.isEmpty()) {
                return Future.succeededFuture();
              }
              return vertx
                  .executeBlocking(() -> AdminKeyFile.write(dataDir, issued.get()))
                  .map(
                      file -> {
                        LOG.info("no admin API key existed; wrote a new one to {}", file);
                        return null;
                      });
            });
  }

  /** The port the server listens on; differs from the configured one when that was 0. */
  public int actualPort() {
    return server.actualPort();
  }
}
