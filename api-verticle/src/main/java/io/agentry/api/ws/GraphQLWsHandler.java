package io.agentry.api.ws;

import graphql.GraphQL;
import io.agentry.api.auth.Gatekeeper;
import io.agentry.api.graphql.ApiServices;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * Upgrades {@code /graphql} requests that ask for the {@code graphql-transport-ws} sub-protocol to
 * a {@link WsConnection}; other requests go on to the HTTP handler. Our own implementation of the
 * protocol rather than Vert.x's, which answers a repeated {@code connection_init} with 4400 where
 * the protocol requires 4429, leaves unparseable messages unanswered, and rejects a bad {@code
 * connection_init} with 4401 instead of 4403.
 */
public final class GraphQLWsHandler implements Handler<RoutingContext> {

  public static final String SUBPROTOCOL = "graphql-transport-ws";

  private final GraphQL graphQL;
  private final ApiServices services;
  private final Gatekeeper gatekeeper;
  private final long initTimeoutMs;
  private final SharedSubscriptions shared;

  /** Call on the context that will serve the connections (the api verticle's). */
  public GraphQLWsHandler(
      GraphQL graphQL, ApiServices services, Gatekeeper gatekeeper, long initTimeoutMs) {
    this.graphQL = graphQL;
    this.services = services;
    this.gatekeeper = gatekeeper;
    this.initTimeoutMs = initTimeoutMs;
    this.shared = new SharedSubscriptions(ownEventLoop(services.vertx()), graphQL, services);
  }

  /**
   * An event-loop context on another thread than the caller's (the sockets'), when there is one.
   */
  private static Context ownEventLoop(Vertx vertx) {
    ContextInternal sockets = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal context = sockets;
    for (int i = 0; i < 16 && context.nettyEventLoop() == sockets.nettyEventLoop(); i++) {
      context = ((VertxInternal) vertx).createEventLoopContext();
    }
    return context;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("upgrade");
    String protocols = ctx.request().getHeader("sec-websocket-protocol");
    if (upgrade == null
        || !upgrade.equalsIgnoreCase("websocket")
        || protocols == null
        || !protocols.contains(SUBPROTOCOL)) {
      ctx.next();
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(
            (ServerWebSocket socket) ->
                new WsConnection(socket, graphQL, services, gatekeeper, shared, initTimeoutMs)
                    .open())
        .onFailure(ctx::fail);
  }
}
