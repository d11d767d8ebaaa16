// A task's ledger timeline: the events of the project's ledger (state/ledger.ts, live) that name the
// task, drawn as a strip (one tick per event, coloured by what happened) with its checkpoints as
// flags, and listed below; picking one shows its payload.
import { useMemo, useState } from 'preact/hooks';
import { Badge, Empty, Json, Panel } from '../../components/bits';
import { VirtualList } from '../../components/VirtualList';
import { ledger, type LedgerEvent } from '../../state/ledger';

const ROW_HEIGHT = 28;
const STRIP_WIDTH = 1000;

export const isCheckpoint = (type: string) => type === 'CheckpointCreated' || type === 'CheckpointRolledBack';

/** What kind of moment an event is, for its colour. */
export function category(type: string): string {
  if (isCheckpoint(type)) return 'checkpoint';
  if (type.startsWith('Tool')) return 'tool';
  if (type === 'ModelTurn') return 'model';
  if (type === 'CodeChanged') return 'code';
  if (type === 'TestsRun') return 'tests';
  if (type === 'StuckDetected' || type.endsWith('Failed') || type === 'GoalStopped') return 'problem';
  if (type === 'GuidanceGiven' || type.startsWith('Approval')) return 'person';
  return 'goal';
}

function belongsTo(event: LedgerEvent, taskId: string): boolean {
  const payload = event.payload as Record<string, unknown> | null;
  return !!payload && (payload.taskId === taskId || payload.parentTaskId === taskId);
}

export function TaskTimeline({ taskId }: { taskId: string }) {
  const stream = ledger.value;
  const version = stream?.version.value ?? 0;
  const [selected, setSelected] = useState<LedgerEvent | null>(null);
  const events = useMemo(() => (stream ? stream.events.filter((e) => belongsTo(e, taskId)) : []), [stream, version, taskId]);
  const checkpoints = events.filter((e) => isCheckpoint(e.type));
  if (!stream) return null;
  const x = (i: number) => (events.length <= 1 ? STRIP_WIDTH / 2 : 8 + (i * (STRIP_WIDTH - 16)) / (events.length - 1));

  return (
    <Panel title={`Timeline (${events.length} events, ${checkpoints.length} checkpoints)`} class="timeline-panel">
      {events.length === 0 ? (
        <Empty>No events of this task yet.</Empty>
      ) : (
        <>
          <svg class="timeline-strip" viewBox={`0 0 ${STRIP_WIDTH} 46`} preserveAspectRatio="none" role="img" aria-label="Events over the task's life, checkpoints flagged">
            <line x1="0" x2={STRIP_WIDTH} y1="34" y2="34" class="strip-axis" />
            {events.map((e, i) => (
              <line x1={x(i)} x2={x(i)} y1="26" y2="42" class={`tick cat-${category(e.type)}`} key={e.seq} onClick={() => setSelected(e)}>
                <title>
                  #{e.seq} {e.type}
                </title>
              </line>
            ))}
            {events.map((e, i) =>
              isCheckpoint(e.type) ? (
                <g class={`flag ${e.type === 'CheckpointRolledBack' ? 'rollback' : ''}`} data-seq={e.seq} key={`f${e.seq}`} onClick={() => setSelected(e)}>
                  <rect x={x(i) - 6} y="0" width="24" height="46" class="flag-hit" />
                  <line x1={x(i)} x2={x(i)} y1="4" y2="42" />
                  <path d={`M${x(i)},4 l14,5 l-14,5 z`} />
                  <title>
                    {e.type === 'CheckpointCreated' ? 'checkpoint' : 'rolled back to'} {String((e.payload as Record<string, unknown>).name ?? (e.payload as Record<string, unknown>).checkpoint ?? '')} (#{e.seq})
                  </title>
                </g>
              ) : null,
            )}
          </svg>
          <div class="timeline-legend small muted">
            {['goal', 'model', 'tool', 'code', 'tests', 'person', 'problem', 'checkpoint'].map((c) => (
              <span key={c}>
                <i class={`swatch cat-${c}`} /> {c}
              </span>
            ))}
          </div>
          <div class="timeline-body">
            <VirtualList
              items={events}
              version={version}
              rowHeight={ROW_HEIGHT}
              follow={true}
              label="Task events"
              renderRow={(event) => (
                <button
                  type="button"
                  class={`timeline-row cat-${category(event.type)} ${selected?.seq === event.seq ? 'selected' : ''}`}
                  data-seq={event.seq}
                  data-type={event.type}
                  onClick={() => setSelected(event)}
                >
                  <span class="seq">#{event.seq}</span>
                  <span class="muted">{new Date(event.createdAt).toLocaleTimeString()}</span>
                  <span class="type">
                    {isCheckpoint(event.type) && <span class="flag-mark">⚑ </span>}
                    {event.type}
                  </span>
                  <span class="clip muted">{describe(event)}</span>
                </button>
              )}
            />
            <div class="timeline-detail">
              {selected ? (
                <>
                  <h3>
                    #{selected.seq} {selected.type} <Badge value={selected.source} />
                  </h3>
                  <Json value={selected.payload} />
                </>
              ) : (
                <p class="muted small">Pick an event (or a flag) to see its payload.</p>
              )}
            </div>
          </div>
        </>
      )}
    </Panel>
  );
}

/** One line about an event: what a person would want to read first. */
function describe(event: LedgerEvent): string {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'ToolCalled':
      return `${p.role ?? ''} ${p.tool ?? ''} ${typeof p.arguments === 'string' ? p.arguments : ''}`;
    case 'ToolObserved':
      return `${p.tool ?? ''} ${p.status ?? ''}: ${String(p.output ?? '').slice(0, 120)}`;
    case 'ModelTurn':
      return `${p.role ?? ''} turn ${p.turn ?? ''} on ${p.model ?? ''}`;
    case 'CodeChanged':
      return `${p.role ?? ''}: ${Array.isArray(p.files) ? p.files.map((f) => (f as { path?: string }).path).join(', ') : ''}`;
    case 'TestsRun':
      return `${p.success ? 'green' : 'red'}: ${p.passed ?? 0} passed, ${p.failed ?? 0} failed${p.coverage != null ? `, ${p.coverage}% covered` : ''}`;
    case 'CheckpointCreated':
      return `checkpoint ${p.name ?? ''} at ${String(p.commit ?? '').slice(0, 10)}`;
    case 'GuidanceGiven':
      return `guidance: ${p.feedback ?? ''}`;
    case 'StuckDetected':
      return String(p.detail ?? p.reason ?? '');
    default: {
      const text = JSON.stringify(p);
      return text.length > 160 ? `${text.slice(0, 160)}…` : text;
    }
  }
}
