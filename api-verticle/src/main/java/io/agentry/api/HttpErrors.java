package io.agentry.api;

import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures that happen before GraphQL runs (unparseable body, oversized body, unexpected errors)
 * are answered in the GraphQL response shape, with a code in {@code extensions}, like every other
 * error.
 */
final class HttpErrors {

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  static void mount(Router router) {
    router.errorHandler(
        400, ctx -> answer(ctx, 400, ErrorCode.BAD_REQUEST, badRequestMessage(ctx)));
    router.errorHandler(
        413,
        ctx ->
            answer(
                ctx,
                413,
                ErrorCode.PAYLOAD_TOO_LARGE,
                "request body exceeds " + ApiVerticle.MAX_BODY_BYTES + " bytes"));
    router.errorHandler(
        500,
        ctx -> {
          LOG.error(
              "request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
          answer(ctx, 500, ErrorCode.INTERNAL, "internal error; see the node's log");
        });
  }

  private static String badRequestMessage(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    return failure == null || failure.getMessage() == null
        ? "not a valid GraphQL request"
        : "not a valid GraphQL request: " + firstLine(failure.getMessage());
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static void answer(RoutingContext ctx, int status, ErrorCode code, String message) {
    if (ctx.response().headWritten()) {
      return;
    }
    JsonObject error =
        new JsonObject()
            .put("message", message)
            .put("extensions", new JsonObject().put("code", code.name()));
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
  }
}
