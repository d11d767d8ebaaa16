// The agents' vector memory: the memories nearest in meaning to a search, from one collection
// (requirements, code snippets, error patterns, solutions), of the tenant or of this project.
import { useState } from 'preact/hooks';
import { useMutation } from '../api/useQuery';
import { Empty, Json, Panel, Progress } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ViewProps } from './registry';

const COLLECTIONS = [
  ['REQUIREMENTS', 'requirements (goals, plans, criteria)'],
  ['CODE_SNIPPETS', 'code snippets'],
  ['ERROR_PATTERNS', 'error patterns'],
  ['SOLUTIONS', 'solutions'],
] as const;

const SEARCH = `query SearchMemory($collection: MemoryCollection!, $query: String!, $limit: Int, $projectId: ID) {
  searchMemory(collection: $collection, query: $query, limit: $limit, projectId: $projectId) { id text metadata similarity }
}`;

interface MemoryHit {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
  similarity: number;
}

export function MemoryView({ projectId }: ViewProps) {
  const [collection, setCollection] = useState<string>('REQUIREMENTS');
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(10);
  const [onlyProject, setOnlyProject] = useState(true);
  const [hits, setHits] = useState<MemoryHit[] | null>(null);
  const search = useMutation<{ searchMemory: MemoryHit[] }, Record<string, unknown>>(SEARCH);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await search.run({ collection, query, limit, projectId: onlyProject ? projectId : null });
    setHits(result?.searchMemory ?? null);
  };

  return (
    <div class="memory-layout">
      <Panel title="Search the agents' memory">
        <form class="memory-form" onSubmit={onSubmit} aria-label="Search memory">
          <label class="grow">
            <span>Meaning to look for</span>
            <input type="search" name="memoryQuery" required placeholder="e.g. mean of an empty list" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          </label>
          <label>
            <span>Collection</span>
            <select name="collection" value={collection} onChange={(e) => setCollection(e.currentTarget.value)}>
              {COLLECTIONS.map(([value, label]) => (
                <option value={value} key={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="narrow">
            <span>At most</span>
            <input type="number" name="limit" value={limit} onInput={(e) => setLimit(Number(e.currentTarget.value))} />
          </label>
          <label class="inline">
            <input type="checkbox" name="onlyProject" checked={onlyProject} disabled={!projectId} onChange={(e) => setOnlyProject(e.currentTarget.checked)} />
            only this project
          </label>
          <button type="submit" class="primary" disabled={search.pending || !query.trim()}>
            {search.pending ? 'Searching…' : 'Search'}
          </button>
        </form>
        <ErrorNotice error={search.error} onDismiss={search.clearError} />
      </Panel>
      {hits && (
        <Panel title={`Nearest memories (${hits.length})`}>
          {hits.length === 0 ? (
            <Empty>Nothing in this collection{onlyProject ? ' for this project' : ''} yet.</Empty>
          ) : (
            <ol class="memory-hits">
              {hits.map((hit) => (
                <li class="memory-hit" data-similarity={hit.similarity} key={hit.id}>
                  <div class="memory-score">
                    <Progress percent={Math.max(0, 100 * hit.similarity)} label="similarity" />
                    <span class="small">{hit.similarity.toFixed(3)}</span>
                  </div>
                  <pre class="memory-text">{hit.text}</pre>
                  <details>
                    <summary class="small muted">metadata</summary>
                    <Json value={hit.metadata} />
                  </details>
                </li>
              ))}
            </ol>
          )}
        </Panel>
      )}
    </div>
  );
}
