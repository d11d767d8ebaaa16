// Reading data for a view: a query run on mount and whenever its variables change, again every
// `pollMs` while the page is visible, after a re-connection, and shortly after ledger events of
// the types the view names (what the schema does not stream yet is kept fresh this way).
import { signal } from '@preact/signals';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ledgerBatch } from '../state/ledger';
import { reconnections } from './ws';
import { ApiError, toApiError } from './errors';
import { gql, type Variables } from './http';

/** The last data topics a mutation changed; queries that read them run again. */
const invalidated = signal<{ topics: readonly string[] } | null>(null);

export function invalidate(...topics: string[]): void {
  invalidated.value = { topics };
}

export interface QueryOptions {
  /** What the query reads ('jobs', 'agents', ...): a mutation that changes it re-runs the query. */
  topics?: readonly string[];
  /** Re-run every this many milliseconds while the page is visible. */
  pollMs?: number;
  /** Re-run when the selected project's ledger brings an event whose type this accepts. */
  refreshOn?: (type: string) => boolean;
  /** Don't run (e.g. no project selected). */
  skip?: boolean;
}

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  refetch: () => Promise<void>;
}

const LEDGER_DEBOUNCE_MS = 150;

export function useQuery<T>(query: string, variables: Variables, options: QueryOptions = {}): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const key = JSON.stringify(variables);
  const generation = useRef(0);
  const refreshOn = useRef(options.refreshOn);
  refreshOn.current = options.refreshOn;
  const topics = useRef(options.topics);
  topics.current = options.topics;

  const run = useCallback(async () => {
    if (options.skip) return;
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await gql<T>(query, JSON.parse(key) as Variables);
      if (mine === generation.current) {
        setData(result);
        setError(null);
      }
    } catch (e) {
      if (mine === generation.current) setError(toApiError(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [query, key, options.skip]);

  useEffect(() => {
    setData(null);
    void run();
  }, [run]);

  useEffect(() => {
    if (!options.pollMs || options.skip) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void run();
    }, options.pollMs);
    return () => clearInterval(timer);
  }, [run, options.pollMs, options.skip]);

  useEffect(() => {
    let first = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopReconnect = reconnections.subscribe(() => {
      if (!first) void run();
    });
    const stopLedger = ledgerBatch.subscribe((batch) => {
      if (first || !batch || !refreshOn.current) return;
      if ([...batch.types].some(refreshOn.current)) {
        clearTimeout(timer);
        timer = setTimeout(() => void run(), LEDGER_DEBOUNCE_MS);
      }
    });
    const stopInvalidated = invalidated.subscribe((change) => {
      if (!first && change && change.topics.some((t) => topics.current?.includes(t))) void run();
    });
    first = false;
    return () => {
      clearTimeout(timer);
      stopReconnect();
      stopLedger();
      stopInvalidated();
    };
  }, [run]);

  return { data, error, loading, refetch: run };
}

/**
 * Runs a mutation for a button or form: pending while it runs, the error when it fails (then it
 * resolves to null), and on success re-runs the queries of the `invalidates` topics. `other` runs
 * another mutation text with the same state (a row of buttons).
 */
export function useMutation<T, V extends Variables>(mutation: string, invalidates: readonly string[] = []) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async (variables: V, other?: string): Promise<T | null> => {
      setPending(true);
      setError(null);
      try {
        const result = await gql<T>(other ?? mutation, variables);
        if (invalidates.length) invalidate(...invalidates);
        return result;
      } catch (e) {
        setError(toApiError(e));
        return null;
      } finally {
        setPending(false);
      }
    },
    [mutation],
  );
  return { run, pending, error, clearError: () => setError(null) };
}
