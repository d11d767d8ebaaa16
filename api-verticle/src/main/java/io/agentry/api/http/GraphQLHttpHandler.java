package io.agentry.api.http;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.agentry.api.auth.Gatekeeper;
import io.agentry.api.graphql.ApiContext;
import io.agentry.api.graphql.ApiServices;
import io.agentry.api.graphql.GraphQLFactory;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * GraphQL over HTTP per the GraphQL-over-HTTP specification: GET (queries only) and POST ({@code
 * application/json}); answers in {@code application/graphql-response+json} when the client accepts
 * it (request errors then get 4xx) and {@code application/json} otherwise (always 200 once the
 * request is well-formed). Every error carries {@code extensions.code}.
 */
public final class GraphQLHttpHandler implements Handler<RoutingContext> {

  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String JSON = "application/json";

  private final GraphQL graphQL;
  private final ApiServices services;
  private final Gatekeeper gatekeeper;

  public GraphQLHttpHandler(GraphQL graphQL, ApiServices services, Gatekeeper gatekeeper) {
    this.graphQL = graphQL;
    this.services = services;
    this.gatekeeper = gatekeeper;
  }

  /** A GraphQL request as parsed from GET parameters or a POST body. */
  private record Request(
      String query, String operationName, Map<String, Object> variables, Map<String, Object> ext) {}

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.POST) {
      ctx.response().putHeader("allow", "GET, POST");
      fail(ctx, JSON, 405, ErrorCode.BAD_REQUEST, "use GET or POST");
      return;
    }
    Optional<String> media = negotiate(ctx.request().getHeader("accept"));
    if (media.isEmpty()) {
      fail(ctx, JSON, 406, ErrorCode.BAD_REQUEST, "accept " + GRAPHQL_RESPONSE + " or " + JSON);
      return;
    }
    String type = media.get();
    Request request;
    Document document;
    try {
      request = method == HttpMethod.GET ? fromGet(ctx) : fromPost(ctx);
      document = parseOrNull(request.query());
      if (document != null) {
        OperationDefinition.Operation operation = operation(document, request.operationName());
        if (method == HttpMethod.GET && operation == OperationDefinition.Operation.MUTATION) {
          ctx.response().putHeader("allow", "POST");
          fail(ctx, type, 405, ErrorCode.BAD_REQUEST, "mutations need POST");
          return;
        }
        if (operation == OperationDefinition.Operation.SUBSCRIPTION) {
          fail(ctx, type, 400, ErrorCode.BAD_REQUEST, "subscriptions need the WebSocket transport");
          return;
        }
      }
    } catch (BadRequest e) {
      fail(ctx, type, e.status, ErrorCode.BAD_REQUEST, e.getMessage());
      return;
    }
    gatekeeper
        .authenticate(ctx.request().getHeader("authorization"))
        .compose(gatekeeper::admit)
        .onSuccess(who -> execute(ctx, type, request, who))
        .onFailure(e -> refuse(ctx, type, e));
  }

  private void execute(RoutingContext ctx, String type, Request request, Principal who) {
    ExecutionInput.Builder input =
        ExecutionInput.newExecutionInput()
            .query(request.query())
            .operationName(request.operationName())
            .graphQLContext(b -> ApiContext.put(b, who))
            .dataLoaderRegistry(GraphQLFactory.loaders(services, who));
    if (request.variables() != null) {
      input.variables(request.variables());
    }
    if (request.ext() != null) {
      input.extensions(request.ext());
    }
    var context = services.vertx().getOrCreateContext();
    graphQL
        .executeAsync(input.build())
        .whenComplete(
            (result, error) ->
                context.runOnContext(
                    v -> {
                      if (error != null) {
                        ctx.fail(500, error);
                      } else {
                        respond(ctx, type, status(type, result), result.toSpecification());
                      }
                    }));
  }

  /** With graphql-response+json, a result without data (parse, validation, limits) is a 400. */
  private static int status(String type, ExecutionResult result) {
    return type.equals(GRAPHQL_RESPONSE) && !result.isDataPresent() ? 400 : 200;
  }

  private static void refuse(RoutingContext ctx, String type, Throwable error) {
    if (error instanceof AgentryException e && e.code() == ErrorCode.UNAUTHENTICATED) {
      ctx.response().putHeader("www-authenticate", "Bearer");
      fail(ctx, type, 401, e.code(), e.getMessage());
    } else if (error instanceof AgentryException e && e.code() == ErrorCode.RATE_LIMITED) {
      ctx.response().putHeader("retry-after", "1");
      fail(ctx, type, 429, e.code(), e.getMessage());
    } else {
      ctx.fail(500, error);
    }
  }

  private static Request fromGet(RoutingContext ctx) {
    var params = ctx.queryParams();
    String query = params.get("query");
    if (query == null) {
      throw new BadRequest("the query parameter 'query' is missing");
    }
    return new Request(
        query,
        params.get("operationName"),
        jsonParam(params.get("variables"), "variables"),
        jsonParam(params.get("extensions"), "extensions"));
  }

  private static Request fromPost(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("content-type");
    String mime =
        contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals(JSON)) {
      throw new BadRequest(415, "send the request as " + JSON);
    }
    JsonObject body;
    try {
      Object parsed = ctx.body().buffer() == null ? null : ctx.body().buffer().toJsonValue();
      if (!(parsed instanceof JsonObject object)) {
        throw new BadRequest("the body must be a JSON object");
      }
      body = object;
    } catch (DecodeException e) {
      throw new BadRequest("the body is not JSON");
    }
    if (!(body.getValue("query") instanceof String query)) {
      throw new BadRequest("'query' must be a string");
    }
    return new Request(
        query,
        optional(body, "operationName", String.class),
        map(optional(body, "variables", JsonObject.class)),
        map(optional(body, "extensions", JsonObject.class)));
  }

  private static <T> T optional(JsonObject body, String field, Class<T> type) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new BadRequest("'" + field + "' must be a " + type.getSimpleName());
    }
    return type.cast(value);
  }

  private static Map<String, Object> map(JsonObject json) {
    return json == null ? null : json.getMap();
  }

  private static Map<String, Object> jsonParam(String value, String name) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return new JsonObject(value).getMap();
    } catch (DecodeException | ClassCastException e) {
      throw new BadRequest("'" + name + "' must be a JSON object");
    }
  }

  private static Document parseOrNull(String query) {
    try {
      return Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return null; // execution reports it, with its location, as GRAPHQL_PARSE_FAILED
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static OperationDefinition.Operation operation(Document document, String name) {
    return document.getDefinitionsOfType(OperationDefinition.class).stream()
        .filter(op -> name == null || name.equals(op.getName()))
        .map(OperationDefinition::getOperation)
        .findFirst()
        .orElse(null);
  }

  /** The response type: graphql-response+json when accepted, else JSON; empty when neither. */
  static Optional<String> negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return Optional.of(JSON);
    }
    for (String range : accept.split(",")) {
      String mime = range.split(";")[0].strip().toLowerCase(Locale.ROOT);
      if (mime.equals(GRAPHQL_RESPONSE)) {
        return Optional.of(GRAPHQL_RESPONSE);
      }
      if (mime.equals(JSON) || mime.equals("*/*") || mime.equals("application/*")) {
        return Optional.of(JSON);
      }
    }
    return Optional.empty();
  }

  private static void fail(
      RoutingContext ctx, String type, int status, ErrorCode code, String message) {
    JsonObject error =
        new JsonObject()
            .put("message", message)
            .put("extensions", new JsonObject().put("code", code.name()));
    respond(ctx, type, status, Map.of("errors", new JsonArray().add(error)));
  }

  private static void respond(RoutingContext ctx, String type, int status, Object body) {
    if (ctx.response().headWritten()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", type + "; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(io.vertx.core.json.Json.encode(body));
  }

  /** A request that is not a GraphQL request; 400 unless said otherwise. */
  private static final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(String message) {
      this(400, message);
    }

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
