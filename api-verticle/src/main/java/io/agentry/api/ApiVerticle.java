package io.agentry.api;

import io.agentry.api.graphql.GraphQLFactory;
import io.agentry.core.bus.RolePing;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The api role: GraphQL on {@code /graphql} (GraphiQL on {@code /graphiql/} when enabled), health
 * and readiness, and Prometheus metrics.
 */
public final class ApiVerticle extends VerticleBase {

  /** Larger request bodies are refused with 413 before any parsing. */
  static final long MAX_BODY_BYTES = 256 * 1024;

  private final NodeServices node;
  private HttpServer server;

  public ApiVerticle(NodeServices node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HttpErrors.mount(router);
    new HealthRoutes(node).mount(router);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(node.metrics()));
    router.route("/graphql").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.route("/graphql").handler(GraphQLHandler.create(GraphQLFactory.create(vertx, node)));
    if (node.config().http().graphiql()) {
      GraphiQLHandler graphiql =
          GraphiQLHandler.create(vertx, new GraphiQLHandlerOptions().setEnabled(true));
      router.route("/graphiql*").subRouter(graphiql.router());
    }
    var http = node.config().http();
    return RolePing.answer(vertx, NodeRole.API, node.identity())
        .compose(
            v ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions().setHost(http.host()).setPort(http.port()))
                    .requestHandler(router)
                    .listen())
        .onSuccess(s -> server = s);
  }

  /** The port the server listens on; differs from the configured one when that was 0. */
  public int actualPort() {
    return server.actualPort();
  }
}
