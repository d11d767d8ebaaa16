package io.agentry.core.error;

/**
 * The stable error codes that cross a boundary: GraphQL {@code extensions.code}, event-bus reply
 * failures and ledger event types all use these names. Clients may rely on them; messages are for
 * people and may change.
 */
public enum ErrorCode {
  /** The HTTP request is not a GraphQL request (body not JSON, no query, wrong method). */
  BAD_REQUEST,
  /** The request body is larger than the node accepts. */
  PAYLOAD_TOO_LARGE,
  /** A value is out of range or malformed; the message names the field. */
  BAD_USER_INPUT,
  /** The GraphQL document does not parse. */
  GRAPHQL_PARSE_FAILED,
  /** The GraphQL document parses but does not validate against the schema. */
  GRAPHQL_VALIDATION_FAILED,
  /** The query is deeper or more complex than the limits allow. */
  QUERY_TOO_COMPLEX,
  NOT_FOUND,
  /** The request conflicts with the current state (e.g. an illegal state transition). */
  ILLEGAL_STATE,
  /** Something with that unique name exists already (e.g. a tenant). */
  ALREADY_EXISTS,
  /** A write carried a stale lease (attempt or owner); someone else owns the job now. */
  STALE_LEASE,
  /** No credentials, or credentials that are unknown, malformed or revoked. */
  UNAUTHENTICATED,
  /** The caller's role does not allow the operation. */
  FORBIDDEN,
  /** The caller's API key sent more requests than its rate limit allows; retry later. */
  RATE_LIMITED,
  /** No node currently serves what the request needs (e.g. no worker in the cluster). */
  UNAVAILABLE,
  /** A bounded wait ran out. */
  TIMEOUT,
  /**
   * A model provider answered with something unusable: a response that is not valid JSON, has no
   * choices, or carries tool-call arguments that are not JSON; or a request it rejected (4xx).
   */
  MODEL_ERROR,
  /** A model provider refused the credentials (HTTP 401/403); retrying will not help. */
  MODEL_AUTH_FAILED,
  /**
   * A model provider stayed unreachable, overloaded (5xx) or rate-limited (429) through every
   * allowed retry.
   */
  MODEL_UNAVAILABLE,
  /** A token or cost budget (of a task or project) has no room for the call. */
  BUDGET_EXCEEDED,
  /** Anything unexpected; details are in the node's log, never in the response. */
  INTERNAL
}
