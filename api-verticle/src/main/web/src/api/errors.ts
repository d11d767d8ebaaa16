// One error type for everything the page shows: GraphQL errors keep their `extensions.code`,
// transport failures get a code of their own (NETWORK, HTTP_<status>, DISCONNECTED).

export interface GraphQLErrorItem {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: ReadonlyArray<GraphQLErrorItem> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** From the `errors` of a GraphQL response: the first error's code, every message. */
  static fromGraphQL(errors: ReadonlyArray<GraphQLErrorItem>): ApiError {
    const code = errors.find((e) => e.extensions?.code)?.extensions?.code ?? 'UNKNOWN';
    const message = errors.map((e) => e.message).join('; ') || 'request failed';
    return new ApiError(code, message, errors);
  }
}

interface CloseLike {
  code: number;
  reason: string;
}

export function isCloseLike(value: unknown): value is CloseLike {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}

/** Whatever a fetch, a subscription sink or a handler threw, as an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (Array.isArray(error)) return ApiError.fromGraphQL(error as GraphQLErrorItem[]);
  if (isCloseLike(error)) {
    const reason = error.reason ? ` ${error.reason}` : '';
    return new ApiError('DISCONNECTED', `live connection closed (${error.code}${reason})`);
  }
  if (error instanceof TypeError) return new ApiError('NETWORK', `network error: ${error.message}`);
  if (error instanceof Error) return new ApiError('CLIENT_ERROR', error.message);
  return new ApiError('CLIENT_ERROR', String(error));
}
