// The project's shared context, the versioned notes the roles share (the architect's plans, ...):
// its keys, a key's current value and every version before it, a new version written from here
// (only if nobody wrote one meanwhile), and an old version made current again. Nothing is ever
// removed: a rollback writes the old value as a new version.
import { useState } from 'preact/hooks';
import { readPages } from '../api/pages';
import { useLoad, useMutation } from '../api/useQuery';
import { Empty, Json, Panel, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { location, navigate } from '../state/router';
import type { ViewProps } from './registry';

interface ContextKey {
  key: string;
  currentVersion: number;
  updatedAt: string;
}

interface ContextVersion {
  key: string;
  version: number;
  value: Record<string, unknown>;
  author: string;
  restoredFrom: number | null;
  createdAt: string;
}

type Page<T> = { edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const VERSION_FIELDS = 'key version value author restoredFrom createdAt';

const KEYS = `query ContextKeys($projectId: ID!, $after: String) {
  contextKeys(projectId: $projectId, first: 100, after: $after) {
    edges { node { key currentVersion updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const HISTORY = `query ContextHistory($projectId: ID!, $key: String!, $after: String) {
  contextHistory(projectId: $projectId, key: $key, first: 100, after: $after) {
    edges { node { ${VERSION_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const WRITE = `mutation WriteContext($projectId: ID!, $key: String!, $value: JSON!, $expectedVersion: Int) {
  writeContext(projectId: $projectId, key: $key, value: $value, expectedVersion: $expectedVersion) { ${VERSION_FIELDS} }
}`;

const ROLLBACK = `mutation RollbackContext($projectId: ID!, $key: String!, $toVersion: Int!) {
  rollbackContext(projectId: $projectId, key: $key, toVersion: $toVersion) { ${VERSION_FIELDS} }
}`;

const touchesContext = (type: string) => type.startsWith('Context');

export function ContextView({ projectId }: ViewProps) {
  const picked = location.value.query.get('key');
  const keys = useLoad(
    `contextKeys:${projectId}`,
    () => readPages<{ contextKeys: Page<ContextKey> }, ContextKey>(KEYS, { projectId }, (d) => d.contextKeys),
    { refreshOn: touchesContext, topics: ['context'] },
  );
  const list = keys.data?.nodes ?? [];
  return (
    <div class="context-layout">
      <Panel title={`Shared context (${list.length} ${list.length === 1 ? 'key' : 'keys'})`}>
        <ErrorNotice error={keys.error} />
        {list.length === 0 && !keys.loading ? (
          <Empty>Nothing shared yet: the architect writes each plan here.</Empty>
        ) : (
          <ul class="context-keys">
            {list.map((k) => (
              <li key={k.key}>
                <button type="button" class={`context-key ${picked === k.key ? 'selected' : ''}`} data-key={k.key} onClick={() => navigate('/context', { key: k.key })}>
                  <code>{k.key}</code>
                  <span class="small muted">
                    v{k.currentVersion} · <Time at={k.updatedAt} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      {picked ? <KeyDetail projectId={projectId!} name={picked} key={picked} /> : <Panel title="Key">{<Empty>Pick a key.</Empty>}</Panel>}
    </div>
  );
}

function KeyDetail({ projectId, name }: { projectId: string; name: string }) {
  const history = useLoad(
    `contextHistory:${projectId}:${name}`,
    () => readPages<{ contextHistory: Page<ContextVersion> }, ContextVersion>(HISTORY, { projectId, key: name }, (d) => d.contextHistory),
    { refreshOn: touchesContext, topics: ['context'] },
  );
  const versions = history.data?.nodes ?? [];
  const current = versions[0];
  const [draft, setDraft] = useState<string | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const write = useMutation<unknown, Record<string, unknown>>(WRITE, ['context']);
  const rollback = useMutation<unknown, { projectId: string; key: string; toVersion: number }>(ROLLBACK, ['context']);

  const onWrite = async (event: Event) => {
    event.preventDefault();
    let value: unknown;
    try {
      value = JSON.parse(draft ?? '');
    } catch (e) {
      setDraftError(`not JSON: ${(e as Error).message}`);
      return;
    }
    setDraftError(null);
    // Written only if the version read is still the current one: a concurrent write is refused.
    if (await write.run({ projectId, key: name, value, expectedVersion: current?.version ?? 0 })) setDraft(null);
  };

  return (
    <Panel title={<code>{name}</code>} class="context-detail">
      <ErrorNotice error={history.error} />
      {current && (
        <>
          <p class="small muted" data-testid="context-current" data-version={current.version}>
            version {current.version} by {current.author}
            {current.restoredFrom != null && ` (restores version ${current.restoredFrom})`} · <Time at={current.createdAt} />
          </p>
          {draft === null ? (
            <>
              <Json value={current.value} />
              <div class="form-actions">
                <button type="button" onClick={() => setDraft(JSON.stringify(current.value, null, 2))}>
                  Write a new version…
                </button>
              </div>
            </>
          ) : (
            <form class="context-form" onSubmit={onWrite} aria-label="New version">
              <textarea name="value" rows={12} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
              {draftError && <p class="error-text small">{draftError}</p>}
              <div class="form-actions">
                <button type="submit" class="primary" disabled={write.pending}>
                  Write version {current.version + 1}
                </button>
                <button type="button" onClick={() => setDraft(null)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
          <ErrorNotice error={write.error} onDismiss={write.clearError} />
        </>
      )}
      <h3>History ({versions.length})</h3>
      <ErrorNotice error={rollback.error} onDismiss={rollback.clearError} />
      <ol class="context-history">
        {versions.map((v) => (
          <li data-version={v.version} key={v.version}>
            <details>
              <summary>
                <strong>v{v.version}</strong> <span class="small muted">by {v.author}</span>
                {v.restoredFrom != null && <span class="small"> restores v{v.restoredFrom}</span>} <span class="small muted"><Time at={v.createdAt} /></span>
                {v !== current && (
                  <button
                    type="button"
                    class="link"
                    disabled={rollback.pending}
                    onClick={(e) => {
                      e.preventDefault();
                      void rollback.run({ projectId, key: name, toVersion: v.version });
                    }}
                  >
                    make current again
                  </button>
                )}
              </summary>
              <Json value={v.value} />
            </details>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
