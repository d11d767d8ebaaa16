package io.agentry.api.graphql;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.agentry.core.auth.Principal;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.UUID;

/** Reads the caller of a request from graphql-java's context, where the transports put it. */
public final class ApiContext {

  private ApiContext() {}

  /** Puts the caller into a request's context; HTTP and WebSocket transports call this. */
  public static void put(GraphQLContext.Builder context, Principal principal) {
    context.of(Principal.class, principal);
  }

  public static Principal principal(DataFetchingEnvironment env) {
    Principal principal = env.getGraphQlContext().get(Principal.class);
    if (principal == null) {
      // Transports authenticate before executing; reaching this is a wiring bug, refuse anyway.
      throw new AgentryException(ErrorCode.UNAUTHENTICATED, "no API key");
    }
    return principal;
  }

  /** How records (context authors, checkpoints) name the caller: its API key, never the token. */
  public static String requester(Principal principal) {
    return "apikey:" + principal.keyId();
  }

  /** An {@code ID} argument that must be a UUID; anything else cannot exist. */
  public static UUID uuid(DataFetchingEnvironment env, String argument) {
    return uuid(env.<String>getArgument(argument), argument);
  }

  public static UUID uuid(String value, String what) {
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new AgentryException(ErrorCode.NOT_FOUND, what + " " + value + " does not exist");
    }
  }

  /** A JSON-scalar argument that must be an object; {@code null} stays {@code null}. */
  public static io.vertx.core.json.JsonObject jsonObject(Object value, String what) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.util.Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> fields = (java.util.Map<String, Object>) map;
      return new io.vertx.core.json.JsonObject(fields);
    }
    throw new io.agentry.core.error.AgentryException(
        io.agentry.core.error.ErrorCode.BAD_USER_INPUT, what + " must be a JSON object");
  }
}
