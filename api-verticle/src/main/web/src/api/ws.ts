// Subscriptions: one graphql-ws client (protocol graphql-transport-ws) per signed-in key. It
// reconnects by itself with capped backoff; every active subscription is then sent again, and its
// variables are read again at that moment (see `live`), which is how the ledger resumes after the
// last seq it saw instead of starting over.
import { signal } from '@preact/signals';
import { createClient, type Client } from 'graphql-ws';
import { ApiError, isCloseLike, toApiError } from './errors';
import type { Variables } from './http';
import { apiKey } from './session';

export type LinkState = 'idle' | 'connecting' | 'live' | 'reconnecting';

export const linkState = signal<LinkState>('idle');
/** The last reason the connection closed, shown while reconnecting. */
export const linkProblem = signal<string | null>(null);
/** Bumped after every re-connection: views whose live feed has no resume point re-read state. */
export const reconnections = signal(0);

const PING_EVERY_MS = 10_000;
const PONG_WITHIN_MS = 5_000;

let client: Client | null = null;
let clientKey: string | null = null;

function retryDelay(retries: number): number {
  return Math.min(500 * 2 ** retries, 8_000) + Math.floor(Math.random() * 300);
}

function create(key: string): Client {
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const created: Client = createClient({
    url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ authorization: `Bearer ${key}` }),
    lazy: true,
    keepAlive: PING_EVERY_MS,
    connectionAckWaitTimeout: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelay(retries))),
    // Every close is worth another try (4403 may be a rate limit); graphql-ws still gives up on
    // the protocol errors it considers fatal.
    shouldRetry: (event) => isCloseLike(event),
    on: {
      connecting: (retrying) => {
        linkState.value = retrying ? 'reconnecting' : 'connecting';
      },
      connected: (_socket, _payload, wasRetry) => {
        linkState.value = 'live';
        linkProblem.value = null;
        if (wasRetry) reconnections.value++;
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        if (isCloseLike(event) && event.code !== 1000) {
          linkProblem.value = `closed ${event.code}${event.reason ? ` ${event.reason}` : ''}`;
          linkState.value = 'reconnecting';
        } else {
          linkState.value = 'idle';
        }
      },
      // A half-open socket (sleeping laptop, dropped Wi-Fi) answers no ping: end it and retry.
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => created.terminate(), PONG_WITHIN_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
  return created;
}

function currentClient(): Client {
  const key = apiKey.value;
  if (!key) throw new ApiError('UNAUTHENTICATED', 'not signed in');
  if (!client || clientKey !== key) {
    void client?.dispose();
    client = create(key);
    clientKey = key;
  }
  return client;
}

/** Closes the connection (sign-out). */
export function disconnect(): void {
  void client?.dispose();
  client = null;
  clientKey = null;
  linkState.value = 'idle';
}

export interface LiveHandlers<T> {
  next(data: T): void;
  error(error: ApiError): void;
}

/**
 * Subscribes until the returned function is called. `variables` is called each time the
 * subscription is (re)sent, so a resumable feed passes its latest position there.
 */
export function live<T>(query: string, variables: () => Variables, handlers: LiveHandlers<T>): () => void {
  let active = true;
  const payload = {
    query,
    get variables() {
      return variables();
    },
  };
  const dispose = currentClient().subscribe<T>(payload, {
    next: (result) => {
      if (!active) return;
      if (result.errors?.length) handlers.error(ApiError.fromGraphQL(result.errors));
      else if (result.data) handlers.next(result.data as T);
    },
    error: (e) => {
      if (active) handlers.error(toApiError(e));
    },
    complete: () => {},
  });
  return () => {
    active = false;
    dispose();
  };
}
