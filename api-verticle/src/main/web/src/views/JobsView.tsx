// A project's jobs: state, attempts and errors, a page of 50 at a time (oldest first, as the API
// pages), filtered by state; a row opens to its errors, payload and result.
import { useState } from 'preact/hooks';
import { useQuery } from '../api/useQuery';
import { Badge, Empty, Json, Panel, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { JOB_FIELDS, JOB_STATES, touchesJobs, type Job, type JobsPage } from './jobs';
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
  const jobs = useQuery<JobsPage>(JOBS, { projectId, after, state: states.length ? states : null }, { pollMs: 3000, refreshOn: touchesJobs, topics: ['jobs'] });
  const list = jobs.data?.jobs.edges.map((e) => e.node) ?? [];
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
      {list.length === 0 && !jobs.loading ? (
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
            {list.map((job) => (
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
          disabled={!jobs.data?.jobs.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, jobs.data!.jobs.pageInfo.endCursor])}
        >
          next →
        </button>
      </div>
    </Panel>
  );
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
