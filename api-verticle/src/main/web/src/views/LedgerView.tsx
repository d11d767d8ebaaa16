// The ledger timeline: every event of the selected project, live, in seq order; a virtual list
// (thousands of events stay light), a type filter, and the selected event's payload.
import { useMemo, useState } from 'preact/hooks';
import { linkProblem, linkState } from '../api/ws';
import { Badge, Empty, Json, Panel } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { VirtualList } from '../components/VirtualList';
import { ledger, type LedgerEvent } from '../state/ledger';
import type { ViewProps } from './registry';

const ROW_HEIGHT = 30;

export function LedgerView(_: ViewProps) {
  const stream = ledger.value;
  const [filter, setFilter] = useState('');
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<LedgerEvent | null>(null);
  const version = stream?.version.value ?? 0;
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(
    () =>
      !stream ? [] : needle ? stream.events.filter((e) => e.type.toLowerCase().includes(needle) || e.source.toLowerCase() === needle) : stream.events,
    [stream, version, needle],
  );
  if (!stream) return <Empty>Select a project.</Empty>;

  return (
    <div class="ledger-layout">
      <Panel
        title="Ledger"
        class="ledger-panel"
        actions={
          <>
            <input type="search" placeholder="filter by type or source" aria-label="Filter events" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
            <label class="inline">
              <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
              follow new events
            </label>
          </>
        }
      >
        <div
          class="ledger-stats small"
          data-testid="ledger-stats"
          data-count={stream.events.length}
          data-last-seq={stream.last}
          data-duplicates={stream.duplicates.value}
          data-gaps={stream.gaps.value}
          data-link={linkState.value}
        >
          <span>
            <strong>{stream.events.length}</strong> events
          </span>
          <span>last seq {stream.last}</span>
          {needle && <span>{shown.length} match</span>}
          <span class={`link-${linkState.value}`}>
            {linkState.value}
            {linkState.value === 'reconnecting' && linkProblem.value ? ` (${linkProblem.value})` : ''}
          </span>
          {stream.duplicates.value > 0 && <span class="error-text">{stream.duplicates.value} duplicates dropped</span>}
          {stream.gaps.value > 0 && <span class="error-text">{stream.gaps.value} gaps</span>}
        </div>
        <ErrorNotice error={stream.error.value} />
        <div class="ledger-head vrow-grid small muted" aria-hidden="true">
          <span>seq</span>
          <span>time</span>
          <span>source</span>
          <span>type</span>
          <span>payload</span>
        </div>
        <VirtualList
          items={shown}
          version={version}
          rowHeight={ROW_HEIGHT}
          follow={follow}
          label="Ledger events"
          renderRow={(event) => (
            <button
              type="button"
              class={`ledger-row vrow-grid ${selected?.seq === event.seq ? 'selected' : ''}`}
              data-seq={event.seq}
              data-type={event.type}
              onClick={() => setSelected(event)}
            >
              <span class="seq">#{event.seq}</span>
              <span class="muted">{new Date(event.createdAt).toLocaleTimeString()}</span>
              <span>
                <Badge value={event.source} />
              </span>
              <span class="type">{event.type}</span>
              <span class="clip muted">{summary(event.payload)}</span>
            </button>
          )}
        />
      </Panel>
      <Panel title={selected ? `Event #${selected.seq}` : 'Event'} class="ledger-detail">
        {selected ? (
          <>
            <dl class="facts">
              <dt>type</dt>
              <dd>{selected.type}</dd>
              <dt>source</dt>
              <dd>{selected.source}</dd>
              <dt>at</dt>
              <dd>{new Date(selected.createdAt).toISOString()}</dd>
              {selected.causeSeq != null && (
                <>
                  <dt>answers</dt>
                  <dd>#{selected.causeSeq}</dd>
                </>
              )}
            </dl>
            <Json value={selected.payload} />
          </>
        ) : (
          <Empty>Pick an event to see its payload.</Empty>
        )}
      </Panel>
    </div>
  );
}

function summary(payload: unknown): string {
  const text = JSON.stringify(payload) ?? '';
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
