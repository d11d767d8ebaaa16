// Queries and mutations: GraphQL over HTTP, POST /graphql with the key as a bearer token.
import { ApiError, toApiError, type GraphQLErrorItem } from './errors';
import { apiKey, signOut } from './session';

export type Variables = Record<string, unknown>;

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorItem[];
}

/** Runs a query or mutation with the session's key (or `token`); throws ApiError on any error. */
export async function gql<T>(query: string, variables?: Variables, token?: string): Promise<T> {
  const key = token ?? apiKey.value;
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
  } catch (e) {
    throw toApiError(e);
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError(`HTTP_${response.status}`, `the server answered ${response.status} without a GraphQL body`);
  }
  if (body.errors?.length) {
    const error = ApiError.fromGraphQL(body.errors);
    // A key that stopped working mid-session: back to the sign-in page, saying why.
    if (error.code === 'UNAUTHENTICATED' && token === undefined && apiKey.value) {
      signOut(`${error.code}: ${error.message}`);
    }
    throw error;
  }
  if (!response.ok || body.data == null) {
    throw new ApiError(`HTTP_${response.status}`, `the server answered ${response.status} with no data`);
  }
  return body.data;
}
