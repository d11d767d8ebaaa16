// A project's jobs: state, attempts and errors, a page of 50 at a time (oldest first, as the API
// pages), filtered by state; a row opens to its errors, payload and result. The page is read once
// (and again after a re-connection); jobUpdates (state/jobs.ts) keeps it current: a changed job is
// replaced in place, a new one is added at the end of the last page.
import { useEffect, useState } from 'preact/hooks';
import { useQuery } from '../api/useQuery';
import { Badge, Empty, Json, Panel, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { jobFeed } from '../state/jobs';
import { JOB_FIELDS, JOB_STATES, type Job, type JobsPage } from './jobs';
import type { ViewProps } from './registry';

const JOBS = `query Jobs($projectId: ID!, $after: String, $state: [JobState!]) {
  jobs(projectId: $projectId, first: 50, after: $after, state: $state) {
    edges { node { ${JOB_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export function JobsView({ projectId }: ViewProps) {
  const [states, setStates] = useState<string[]>([]);
  // Cursors of the pages before the current one (the API pages forward only).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [open, setOpen] = useState<string | null>(null);
  const after = cursors[cursors.length - 1];
  const jobs = useQuery<JobsPage>(JOBS, { projectId, after, state: states.length ? states : null }, { topics: ['jobs'] });
  const list = useLivePage(jobs.data, states);
  const toggle = (state: string) => {
    setStates((s) => (s.includes(state) ? s.filter((x) => x !== state) : [...s, state]));
    setCursors([null]);
  };

  return (
    <Panel
      title="Jobs"
      actions={
        <div class="chips" role="group" aria-label="Filter by state">
          {JOB_STATES.map((state) => (
            <button type="button" class={`chip ${states.includes(state) ? 'on' : ''}`} aria-pressed={states.includes(state)} onClick={() => toggle(state)} key={state}>
              {state.toLowerCase().replace('_', ' ')}
            </button>
          ))}
        </div>
      }
    >
      <ErrorNotice error={jobs.error} />
      {list.jobs.length === 0 && !jobs.loading ? (
        <Empty>No jobs{states.length ? ' in these states' : ''}.</Empty>
      ) : (
        <table class="table jobs-table">
          <thead>
            <tr>
              <th>Id</th>
              <th>Role / kind</th>
              <th>State</th>
              <th>Attempts</th>
              <th>Task</th>
              <th>Last error</th>
              <th>Lease</th>
              <th>Created</th>
              <th>Finished</th>
            </tr>
          </thead>
          <tbody>
            {list.jobs.map((job) => (
              <JobRow job={job} open={open === job.id} onToggle={() => setOpen(open === job.id ? null : job.id)} key={job.id} />
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          ← previous
        </button>
        <span class="muted small">page {cursors.length}</span>
        <button
          type="button"
          disabled={!jobs.data?.jobs.pageInfo.hasNextPage && !list.overflow}
          onClick={() => setCursors([...cursors, jobs.data!.jobs.pageInfo.endCursor])}
        >
          next →
        </button>
      </div>
    </Panel>
  );
}

const PAGE_SIZE = 50;

/**
 * The page as read, with the changes jobUpdates brought since: a job on the page takes its latest
 * state (and leaves the page when that state is filtered out); a job not on it joins the end of the
 * last page while there is room, else `overflow` says that a next page exists now.
 */
function useLivePage(data: JobsPage | null, states: string[]): { jobs: Job[]; overflow: boolean } {
  const [changes, setChanges] = useState<Map<string, Job>>(new Map());
  useEffect(() => setChanges(new Map()), [data]);
  const feed = jobFeed.value;
  useEffect(
    () =>
      feed?.onUpdate((job) =>
        setChanges((before) => {
          const next = new Map(before);
          next.set(job.id, job);
          return next;
        }),
      ),
    [feed],
  );
  if (!data) return { jobs: [], overflow: false };
  const read = data.jobs.edges.map((e) => e.node);
  const wanted = (job: Job) => states.length === 0 || states.includes(job.state);
  const onPage = new Set(read.map((j) => j.id));
  const jobs = read.map((j) => changes.get(j.id) ?? j).filter(wanted);
  let overflow = false;
  if (!data.jobs.pageInfo.hasNextPage) {
    const last = read.length ? Number(read[read.length - 1].id) : 0;
    const added = [...changes.values()]
      .filter((j) => !onPage.has(j.id) && Number(j.id) > last && wanted(j))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const room = PAGE_SIZE - read.length;
    jobs.push(...added.slice(0, Math.max(0, room)));
    overflow = added.length > room;
  }
  return { jobs, overflow };
}

function JobRow({ job, open, onToggle }: { job: Job; open: boolean; onToggle: () => void }) {
  return (
    <>
      <tr class="clickable" data-job-id={job.id} data-state={job.state} onClick={onToggle} aria-expanded={open}>
        <td>#{job.id}</td>
        <td>
          {job.role} <span class="muted">/ {job.kind}</span>
        </td>
        <td>
          <Badge value={job.state} />
          {job.cancelRequested && job.state !== 'CANCELLED' && <span class="small muted"> cancel requested</span>}
        </td>
        <td>
          {job.attempts}/{job.maxAttempts}
        </td>
        <td class="clip" title={job.task?.goal}>
          {job.task?.goal ?? <span class="muted">—</span>}
        </td>
        <td class="clip error-text" title={job.lastError?.message}>
          {job.lastError ? `${job.lastError.type}: ${job.lastError.message}` : ''}
        </td>
        <td class="small">{job.lease ? `${job.lease.owner.slice(0, 8)}… e${job.lease.epoch}` : ''}</td>
        <td class="small">
          <Time at={job.createdAt} />
        </td>
        <td class="small">
          <Time at={job.finishedAt} />
        </td>
      </tr>
      {open && (
        <tr class="details">
          <td colSpan={9}>
            <div class="job-details">
              <div>
                <h3>Errors ({job.errors.length})</h3>
                {job.errors.length === 0 ? (
                  <p class="muted">none</p>
                ) : (
                  <ol class="job-errors">
                    {job.errors.map((e) => (
                      <li key={e.attempt}>
                        attempt {e.attempt}, <Time at={e.at} />: <strong>{e.failure.type}</strong> {e.failure.message}
                        {e.failure.nonRetryable && <span class="badge badge-failed">non-retryable</span>}
                      </li>
                    ))}
                  </ol>
                )}
              </div>
              <div>
                <h3>Payload</h3>
                <Json value={job.payload} />
              </div>
              <div>
                <h3>Result</h3>
                <Json value={job.result} />
              </div>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
