// The error knowledge graph the agents learn from: the tenant's errors (or this project's), one
// error's fixes with how often each worked and how confident the engine is, its patterns and
// anti-patterns drawn as a graph, and "is this error known?" for a pasted error text (suggestFix).
import { useState } from 'preact/hooks';
import { readPages } from '../api/pages';
import { useLoad, useMutation, useQuery } from '../api/useQuery';
import { Badge, Empty, Panel, Progress, Time } from '../components/bits';
import { DiffView } from '../components/DiffView';
import { ErrorGraphSvg, type GraphEdge, type GraphNode } from '../components/ErrorGraphSvg';
import { ErrorNotice } from '../components/ErrorNotice';
import { location, navigate } from '../state/router';
import type { ViewProps } from './registry';

interface KnownError {
  id: string;
  fingerprint: string;
  type: string;
  message: string;
  frames: string[];
  sample: string;
  occurrences: number;
  projectsSeen: number;
  firstSeen: string;
  lastSeen: string;
}

interface Solution {
  id: string;
  description: string;
  patch: string;
  author: string;
  successCount: number;
  failureCount: number;
  successRate: number;
  confidence: number;
  antiPattern: boolean;
  lastSuccessAt: string | null;
}

interface Pattern {
  id: string;
  kind: 'PATTERN' | 'ANTI_PATTERN';
  name: string;
  description: string;
}

interface ErrorGraph {
  error: KnownError;
  solutions: Solution[];
  patterns: Pattern[];
  antiPatterns: Pattern[];
  edges: GraphEdge[];
}

const ERROR_FIELDS = 'id fingerprint type message frames sample occurrences projectsSeen firstSeen lastSeen';
const SOLUTION_FIELDS = 'id description patch author successCount failureCount successRate confidence antiPattern lastSuccessAt';
const PATTERN_FIELDS = 'id kind name description';

const ERRORS = `query Errors($projectId: ID, $after: String) {
  errors(projectId: $projectId, first: 100, after: $after) {
    edges { node { ${ERROR_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const GRAPH = `query ErrorGraph($id: ID!) {
  error(id: $id) {
    error { ${ERROR_FIELDS} }
    solutions { ${SOLUTION_FIELDS} }
    patterns { ${PATTERN_FIELDS} }
    antiPatterns { ${PATTERN_FIELDS} }
    edges { relation fromKind fromId toKind toId weight }
  }
}`;

const SUGGEST = `query SuggestFix($errorText: String!) {
  suggestFix(errorText: $errorText) {
    fingerprint confidence
    error { id type message occurrences }
    fix { ${SOLUTION_FIELDS} }
    patterns { ${PATTERN_FIELDS} }
    antiPatterns { ${PATTERN_FIELDS} }
  }
}`;

/** Ledger events after which the graph has likely learned something. */
const touchesErrors = (type: string) => type === 'TestsRun' || type === 'FixOutcomeRecorded' || type === 'KnowledgeRetrieved';

export function ErrorsView({ projectId }: ViewProps) {
  const [onlyProject, setOnlyProject] = useState(false);
  const picked = location.value.query.get('error');
  const scope = onlyProject ? projectId : null;
  const errors = useLoad(
    `errors:${scope}`,
    () => readPages<{ errors: { edges: { node: KnownError }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }, KnownError>(ERRORS, { projectId: scope }, (d) => d.errors, 5),
    { refreshOn: touchesErrors },
  );
  const list = errors.data?.nodes ?? [];
  return (
    <div class="errors-layout">
      <SuggestFix onOpen={(id) => navigate('/errors', { error: id })} />
      <Panel
        title={`Known errors (${list.length}${errors.data?.truncated ? '+' : ''})`}
        class="errors-list"
        actions={
          <label class="inline">
            <input type="checkbox" checked={onlyProject} disabled={!projectId} onChange={(e) => setOnlyProject(e.currentTarget.checked)} />
            only seen in this project
          </label>
        }
      >
        <ErrorNotice error={errors.error} />
        {list.length === 0 && !errors.loading ? (
          <Empty>No error learned yet: the tester and debugger record what they meet.</Empty>
        ) : (
          <ul class="known-errors">
            {list.map((e) => (
              <li key={e.id}>
                <button type="button" class={`known-error ${picked === e.id ? 'selected' : ''}`} data-error-id={e.id} onClick={() => navigate('/errors', { error: e.id })}>
                  <strong>{e.type}</strong>
                  <span class="clip-inline">{e.message}</span>
                  <span class="small muted">
                    seen {e.occurrences}× in {e.projectsSeen} {e.projectsSeen === 1 ? 'project' : 'projects'} · last <Time at={e.lastSeen} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      {picked ? <ErrorDetail id={picked} key={picked} /> : <Panel title="Error">{<Empty>Pick an error to see what fixed it.</Empty>}</Panel>}
    </div>
  );
}

function ErrorDetail({ id }: { id: string }) {
  const graph = useQuery<{ error: ErrorGraph | null }>(GRAPH, { id }, { refreshOn: touchesErrors });
  const [solution, setSolution] = useState<string | null>(null);
  const data = graph.data?.error;
  if (graph.error) return <ErrorNotice error={graph.error} />;
  if (!data) return <Panel title="Error">{graph.loading ? <p class="muted">Reading…</p> : <Empty>No such error.</Empty>}</Panel>;
  const { error, solutions, patterns, antiPatterns, edges } = data;
  const nodes: GraphNode[] = [
    { kind: 'ERROR', id: error.id, label: error.type, bad: false, detail: error.message },
    ...solutions.map((s) => ({
      kind: 'SOLUTION' as const,
      id: s.id,
      label: s.description,
      bad: s.antiPattern,
      detail: `${s.successCount} worked, ${s.failureCount} failed · confidence ${s.confidence.toFixed(2)}`,
    })),
    ...[...patterns, ...antiPatterns].map((p) => ({
      kind: 'PATTERN' as const,
      id: p.id,
      label: `${p.kind === 'ANTI_PATTERN' ? 'avoid: ' : ''}${p.name}`,
      bad: p.kind === 'ANTI_PATTERN',
      detail: p.description,
    })),
  ];
  const shown = solutions.find((s) => s.id === solution);
  return (
    <Panel title={`${error.type}: ${error.message}`} class="error-detail">
      <dl class="facts small">
        <dt>seen</dt>
        <dd>
          {error.occurrences}× in {error.projectsSeen} {error.projectsSeen === 1 ? 'project' : 'projects'}, first <Time at={error.firstSeen} />, last{' '}
          <Time at={error.lastSeen} />
        </dd>
        <dt>fingerprint</dt>
        <dd>
          <code title={error.fingerprint}>{error.fingerprint.slice(0, 16)}…</code>
        </dd>
        {error.frames.length > 0 && (
          <>
            <dt>frames</dt>
            <dd>
              <code>{error.frames.join(' ← ')}</code>
            </dd>
          </>
        )}
      </dl>
      <ErrorGraphSvg nodes={nodes} edges={edges} selected={solution} onSelect={(n) => n.kind === 'SOLUTION' && setSolution(n.id)} />
      <h3>Fixes tried ({solutions.length})</h3>
      {solutions.length === 0 ? (
        <p class="muted small">None yet.</p>
      ) : (
        <table class="table solutions-table">
          <thead>
            <tr>
              <th>Fix</th>
              <th>Worked</th>
              <th>Failed</th>
              <th>Success rate</th>
              <th>Confidence</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {solutions.map((s) => (
              <tr class={`clickable ${solution === s.id ? 'selected' : ''}`} data-solution={s.id} data-anti-pattern={String(s.antiPattern)} onClick={() => setSolution(s.id)} key={s.id}>
                <td>
                  {s.description} {s.antiPattern && <Badge value="anti-pattern" kind="failed" />}
                </td>
                <td class="count-success">{s.successCount}</td>
                <td class="count-failure">{s.failureCount}</td>
                <td>{(100 * s.successRate).toFixed(0)}%</td>
                <td>
                  <div class="confidence">
                    <Progress percent={100 * s.confidence} label="confidence" /> <span class="small">{s.confidence.toFixed(2)}</span>
                  </div>
                </td>
                <td class="small muted">{s.author}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && shown.patch && (shown.patch.includes('\n@@') || shown.patch.startsWith('@@') ? <DiffView path={shown.description} diff={shown.patch} /> : <pre class="json">{shown.patch}</pre>)}
      <div class="patterns">
        <div>
          <h3>Patterns ({patterns.length})</h3>
          {patterns.length === 0 ? <p class="muted small">None recorded.</p> : <PatternList list={patterns} />}
        </div>
        <div>
          <h3>Anti-patterns ({antiPatterns.length})</h3>
          {antiPatterns.length === 0 ? <p class="muted small">None: no fix failed repeatedly.</p> : <PatternList list={antiPatterns} />}
        </div>
      </div>
      <details>
        <summary class="small muted">first occurrence as seen</summary>
        <pre class="console">{error.sample}</pre>
      </details>
    </Panel>
  );
}

function PatternList({ list }: { list: Pattern[] }) {
  return (
    <ul class="pattern-list">
      {list.map((p) => (
        <li class={`pattern kind-${p.kind.toLowerCase()}`} data-pattern={p.name} key={p.id}>
          <strong>{p.name}</strong> <span class="small muted">{p.description}</span>
        </li>
      ))}
    </ul>
  );
}

interface Suggestion {
  fingerprint: string;
  confidence: number;
  error: { id: string; type: string; message: string; occurrences: number };
  fix: Solution;
  patterns: Pattern[];
  antiPatterns: Pattern[];
}

/** Paste an error: the engine answers its best-known fix, or that it knows none. */
function SuggestFix({ onOpen }: { onOpen: (errorId: string) => void }) {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ suggestFix: Suggestion | null } | null>(null);
  const ask = useMutation<{ suggestFix: Suggestion | null }, { errorText: string }>(SUGGEST);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setAnswer(await ask.run({ errorText: text }));
  };
  const found = answer?.suggestFix;
  return (
    <Panel title="Is this error known?" class="suggest-panel">
      <form class="suggest-form" onSubmit={onSubmit} aria-label="Suggest a fix">
        <textarea name="errorText" rows={3} placeholder="Paste a traceback, test output or an error message" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={ask.pending || !text.trim()}>
          Suggest a fix
        </button>
      </form>
      <ErrorNotice error={ask.error} onDismiss={ask.clearError} />
      {answer &&
        (found ? (
          <div class="suggestion" data-testid="suggestion" data-confidence={found.confidence}>
            <p>
              <strong>{found.fix.description}</strong> <span class="muted small">(confidence {found.confidence.toFixed(2)}, worked {found.fix.successCount}×)</span>
            </p>
            <p class="small">
              for{' '}
              <button type="button" class="link" onClick={() => onOpen(found.error.id)}>
                {found.error.type}: {found.error.message}
              </button>{' '}
              seen {found.error.occurrences}×
            </p>
            {found.antiPatterns.length > 0 && <p class="small error-text">Do not: {found.antiPatterns.map((p) => p.name).join('; ')}</p>}
          </div>
        ) : (
          <p class="muted" data-testid="suggestion" data-confidence="none">
            Not known: no fix for this error has worked yet.
          </p>
        ))}
    </Panel>
  );
}
