// Human in the loop: the project's jobs that wait for a person (AWAITING_APPROVAL), what they
// ask to do, and approve / reject with feedback (approveStep).
import { useState } from 'preact/hooks';
import { useMutation, useQuery } from '../api/useQuery';
import { Badge, Empty, Json, Panel, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { JOB_FIELDS, touchesJobs, type Job, type JobsPage } from './jobs';
import type { ViewProps } from './registry';

export const WAITING = `query Waiting($projectId: ID!) {
  jobs(projectId: $projectId, first: 100, state: [AWAITING_APPROVAL]) {
    edges { node { ${JOB_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const DECIDE = `mutation Decide($jobId: ID!, $approved: Boolean!, $feedback: String) {
  approveStep(jobId: $jobId, approved: $approved, feedback: $feedback) { id state }
}`;

export function ApprovalsView({ projectId }: ViewProps) {
  const waiting = useQuery<JobsPage>(WAITING, { projectId }, { pollMs: 3000, refreshOn: touchesJobs, topics: ['jobs'] });
  const jobs = waiting.data?.jobs.edges.map((e) => e.node) ?? [];
  return (
    <Panel title={`Waiting for approval (${jobs.length})`}>
      <ErrorNotice error={waiting.error} />
      {jobs.length === 0 && !waiting.loading && <Empty>Nothing waits for a decision.</Empty>}
      <div class="approvals">
        {jobs.map((job) => (
          <ApprovalCard job={job} key={job.id} />
        ))}
      </div>
    </Panel>
  );
}

interface ApprovalRequest {
  agent?: string;
  tool?: string;
  risk?: string;
  arguments?: unknown;
  [key: string]: unknown;
}

function ApprovalCard({ job }: { job: Job }) {
  const [feedback, setFeedback] = useState('');
  const decide = useMutation<unknown, { jobId: string; approved: boolean; feedback: string }>(DECIDE, ['jobs']);
  const request = (job.payload.approvalRequest ?? {}) as ApprovalRequest;
  const answer = (approved: boolean) => decide.run({ jobId: job.id, approved, feedback });
  return (
    <article class="approval-card" data-job-id={job.id}>
      <header>
        <strong>
          {request.tool ? `Run ${request.tool}` : `${job.role} / ${job.kind}`}
        </strong>
        {request.risk && <Badge value={request.risk} kind={`risk-${request.risk}`} />}
        <span class="muted small">
          job #{job.id} · {job.role}/{job.kind} · <Time at={job.createdAt} />
        </span>
      </header>
      {job.task && <p class="small">Task: {job.task.goal}</p>}
      {request.agent && <p class="small muted">Asked by agent {request.agent}</p>}
      <Json value={request.arguments ?? request} />
      <label>
        <span>Feedback (optional; the agent sees it)</span>
        <textarea name="feedback" rows={2} value={feedback} onInput={(e) => setFeedback(e.currentTarget.value)} />
      </label>
      <div class="form-actions">
        <button type="button" class="primary" disabled={decide.pending} onClick={() => void answer(true)}>
          Approve
        </button>
        <button type="button" class="danger" disabled={decide.pending} onClick={() => void answer(false)}>
          Reject
        </button>
      </div>
      <ErrorNotice error={decide.error} onDismiss={decide.clearError} />
    </article>
  );
}

/** The number of waiting jobs, next to the view's name in the navigation. */
export function ApprovalsBadge({ projectId }: { projectId: string }) {
  const waiting = useQuery<JobsPage>(WAITING, { projectId }, { pollMs: 5000, refreshOn: touchesJobs, topics: ['jobs'] });
  const count = waiting.data?.jobs.edges.length ?? 0;
  return count > 0 ? (
    <span class="nav-badge" data-testid="approvals-count">
      {count}
    </span>
  ) : null;
}
