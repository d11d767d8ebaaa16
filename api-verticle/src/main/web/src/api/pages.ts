// Every page of a Relay connection, read one request after another (the API pages forward, at
// most 100 a page), up to a bound so that a huge list cannot keep the page busy.
import { gql, type Variables } from './http';

export interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface AllPages<T> {
  nodes: T[];
  /** More pages existed than were read. */
  truncated: boolean;
}

/**
 * Runs `query` (which takes `$after`) page after page; `pick` finds the connection in an answer
 * (null when the object holding it does not exist).
 */
export async function readPages<R, T>(
  query: string,
  variables: Variables,
  pick: (data: R) => Connection<T> | null,
  maxPages = 10,
): Promise<AllPages<T>> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const data: R = await gql<R>(query, { ...variables, after });
    const connection = pick(data);
    if (!connection) return { nodes, truncated: false };
    nodes.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage) return { nodes, truncated: false };
    after = connection.pageInfo.endCursor;
  }
  return { nodes, truncated: true };
}
