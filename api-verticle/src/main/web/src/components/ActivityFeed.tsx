// The live activity feed (state/activity.ts) as a list: monologue, tool calls with their arguments,
// tool results, streamed model tokens (one growing entry per model call), command output, status.
// Filtered by task and kind; pausing freezes what is shown while the feed keeps collecting.
import { Component } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ACTIVITY_KINDS, MAX_ENTRIES, activity, type ActivityEntry, type ActivityKind } from '../state/activity';
import { Empty } from './bits';
import { ErrorNotice } from './ErrorNotice';

const KIND_LABEL: Record<ActivityKind, string> = {
  MONOLOGUE: 'thinks',
  TOOL_CALL: 'calls',
  TOOL_RESULT: 'result',
  TOKENS: 'streams',
  COMMAND_OUTPUT: 'output',
  STATUS: 'status',
};

/** A tool result or command output longer than this opens on demand. */
const FOLD_CHARS = 600;

interface Props {
  /** Only this task's activity; all of the project's otherwise. */
  taskId?: string | null;
  /** Names for task ids (the feed carries ids only). */
  taskNames?: ReadonlyMap<string, string>;
}

export function ActivityFeed({ taskId, taskNames }: Props) {
  const feed = activity.value;
  const version = feed?.version.value ?? 0;
  const [kinds, setKinds] = useState<ReadonlySet<ActivityKind>>(new Set(ACTIVITY_KINDS));
  // Paused: the entries as they were, copied (a token entry keeps growing in the live feed).
  const [frozen, setFrozen] = useState<{ entries: ActivityEntry[]; at: number } | null>(null);
  const entries = frozen?.entries ?? feed?.entries ?? [];
  const shown = useMemo(
    () => entries.filter((e) => kinds.has(e.kind) && (!taskId || e.taskId === taskId)),
    [entries, version, kinds, taskId],
  );
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const element = list.current;
    if (element && atBottom.current && !frozen) element.scrollTop = element.scrollHeight;
  }, [version, shown.length, frozen]);

  if (!feed) return <Empty>Select a project.</Empty>;
  const newSincePause = frozen ? feed.received - frozen.at : 0;
  const toggle = (kind: ActivityKind) =>
    setKinds((before) => {
      const next = new Set(before);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  return (
    <div class="activity">
      <div class="activity-bar">
        <div class="chips" role="group" aria-label="Kinds of activity">
          {ACTIVITY_KINDS.map((kind) => (
            <button type="button" class={`chip ${kinds.has(kind) ? 'on' : ''}`} aria-pressed={kinds.has(kind)} onClick={() => toggle(kind)} key={kind}>
              {KIND_LABEL[kind]}
            </button>
          ))}
        </div>
        <button
          type="button"
          class={frozen ? 'primary' : ''}
          data-testid="activity-pause"
          onClick={() => setFrozen(frozen ? null : { entries: feed.entries.map((e) => ({ ...e })), at: feed.received })}
        >
          {frozen ? `Resume (${newSincePause} new)` : 'Pause'}
        </button>
        <button type="button" class="link" onClick={() => feed.clear()} disabled={!!frozen}>
          clear
        </button>
        <span
          class="small muted"
          data-testid="activity-stats"
          data-shown={shown.length}
          data-entries={feed.entries.length}
          data-received={feed.received}
          data-paused={frozen ? 'yes' : 'no'}
        >
          {shown.length} shown · {feed.received} received · keeps the last {MAX_ENTRIES}
          {feed.dropped.value > 0 && ` (${feed.dropped.value} dropped)`}
        </span>
      </div>
      <ErrorNotice error={feed.error.value} />
      {shown.length === 0 ? (
        <Empty>
          {frozen ? 'Nothing to show while paused.' : 'Nothing yet. Agents report here while they work (from the moment this page watches the project).'}
        </Empty>
      ) : (
        <ol
          class="activity-list"
          ref={list}
          aria-label="Agent activity"
          aria-live="polite"
          onScroll={(e) => {
            const el = e.currentTarget;
            atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 40;
          }}
        >
          {shown.map((entry) => (
            <Row entry={entry} revision={entry.revision} task={entry.taskId ? taskNames?.get(entry.taskId) : undefined} key={entry.id} />
          ))}
        </ol>
      )}
    </div>
  );
}

interface RowProps {
  entry: ActivityEntry;
  /** Passed apart from the entry (which changes in place) so that a row re-renders only then. */
  revision: number;
  task?: string;
}

class Row extends Component<RowProps> {
  shouldComponentUpdate(next: RowProps) {
    return next.entry !== this.props.entry || next.revision !== this.props.revision || next.task !== this.props.task;
  }

  render({ entry, task }: RowProps) {
    return (
      <li
        class={`activity-entry kind-${entry.kind.toLowerCase()} ${entry.kind === 'TOKENS' && !entry.done ? 'streaming' : ''}`}
        data-kind={entry.kind}
        data-tool={entry.tool ?? undefined}
        data-task-id={entry.taskId ?? undefined}
        data-call-id={entry.callId}
        data-pieces={entry.pieces}
      >
        <div class="activity-meta small">
          <time dateTime={entry.at}>{new Date(entry.at).toLocaleTimeString()}</time>
          <span class={`badge badge-kind-${entry.kind.toLowerCase()}`}>{KIND_LABEL[entry.kind]}</span>
          {entry.role && <span class="badge badge-role">{entry.role}</span>}
          {entry.jobId && <span class="muted">job #{entry.jobId}</span>}
          {task && (
            <span class="muted clip-inline" title={task}>
              {task}
            </span>
          )}
        </div>
        <div class="activity-body">
          <Body entry={entry} />
        </div>
      </li>
    );
  }
}

function Body({ entry }: { entry: ActivityEntry }) {
  switch (entry.kind) {
    case 'TOOL_CALL':
      return (
        <>
          <div class="tool-head">
            <strong class="tool-name">{entry.tool}</strong>
          </div>
          <Arguments value={entry.data?.arguments} />
        </>
      );
    case 'TOOL_RESULT':
      return (
        <>
          <div class="tool-head">
            <strong class="tool-name">{entry.tool}</strong>
            {typeof entry.data?.status === 'string' && <span class={`badge badge-tool-${entry.data.status.toLowerCase()}`}>{entry.data.status}</span>}
          </div>
          <Folded text={entry.text} class="tool-result" />
        </>
      );
    case 'COMMAND_OUTPUT':
      return <Folded text={entry.text} class="console" />;
    case 'TOKENS':
      return (
        <p class="tokens">
          {entry.text}
          {entry.waiting && entry.waiting.size > 0 && <span class="muted small"> (waiting for an earlier piece)</span>}
        </p>
      );
    case 'MONOLOGUE':
      return <p class="monologue">{entry.text}</p>;
    default:
      return <p class="muted">{entry.text}</p>;
  }
}

function Folded({ text, class: kind }: { text: string; class: string }) {
  if (text.length <= FOLD_CHARS) return <pre class={kind}>{text}</pre>;
  return (
    <details>
      <summary>
        <pre class={`${kind} folded`}>{text.slice(0, FOLD_CHARS)}…</pre>
        <span class="small">show all {text.length} characters</span>
      </summary>
      <pre class={kind}>{text}</pre>
    </details>
  );
}

/**
 * Tool arguments arrive as the model wrote them (a JSON string). An object shows one line per
 * argument, and a text of several lines (a file's content, a patch) as the text itself.
 */
function Arguments({ value }: { value: unknown }) {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return <pre class="tool-arguments">{value}</pre>;
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return <pre class="tool-arguments">{JSON.stringify(parsed ?? null, null, 2)}</pre>;
  }
  return (
    <dl class="tool-arguments">
      {Object.entries(parsed as Record<string, unknown>).map(([name, arg]) => (
        <div class="argument" data-argument={name} key={name}>
          <dt>{name}</dt>
          <dd>
            {typeof arg === 'string' && arg.includes('\n') ? (
              <pre class="argument-text">{arg}</pre>
            ) : (
              <code>{typeof arg === 'string' ? arg : JSON.stringify(arg)}</code>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
