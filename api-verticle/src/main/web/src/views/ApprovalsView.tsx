// Human in the loop: the project's jobs that wait for a person (AWAITING_APPROVAL), live through
// jobUpdates (state/jobs.ts), what they ask (a risky tool call, or a stuck role asking for
// guidance), and approve / reject with feedback (approveStep).
import { useState } from 'preact/hooks';
import { useMutation } from '../api/useQuery';
import { Badge, Empty, Json, Panel, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { activity } from '../state/activity';
import { jobFeed } from '../state/jobs';
import { TaskLink } from '../components/Link';
import { JOB_FIELDS, type Job } from './jobs';
import type { ViewProps } from './registry';

const DECIDE = `mutation Decide($jobId: ID!, $approved: Boolean!, $feedback: String) {
  approveStep(jobId: $jobId, approved: $approved, feedback: $feedback) { ${JOB_FIELDS} }
}`;

export function ApprovalsView(_: ViewProps) {
  const feed = jobFeed.value;
  if (!feed) return <Empty>Select a project.</Empty>;
  const jobs = feed.waiting.value;
  return (
    <Panel title={`Waiting for approval (${jobs.length})`}>
      <ErrorNotice error={feed.error.value} />
      {jobs.length === 0 && feed.loaded.value && <Empty>Nothing waits for a decision.</Empty>}
      <div class="approvals">
        {jobs.map((job) => (
          <ApprovalCard job={job} key={job.id} />
        ))}
      </div>
    </Panel>
  );
}

/** What a job asks a person: a tool call of some risk, or (kind "stuck") guidance for a role. */
interface ApprovalRequest {
  kind?: string;
  agent?: string;
  tool?: string;
  risk?: string;
  arguments?: unknown;
  role?: string;
  reason?: string;
  message?: string;
  [key: string]: unknown;
}

function ApprovalCard({ job }: { job: Job }) {
  const [feedback, setFeedback] = useState('');
  const decide = useMutation<{ approveStep: Job }, { jobId: string; approved: boolean; feedback: string }>(DECIDE, ['jobs']);
  const request = (job.payload.approvalRequest ?? {}) as ApprovalRequest;
  const stuck = request.kind === 'stuck';
  const answer = async (approved: boolean) => {
    const result = await decide.run({ jobId: job.id, approved, feedback });
    if (result) jobFeed.value?.apply(result.approveStep);
  };
  return (
    <article class={`approval-card ${stuck ? 'stuck' : ''}`} data-job-id={job.id} data-kind={request.kind ?? 'tool'}>
      <header>
        <strong>{stuck ? `The ${request.role ?? job.role} is stuck` : request.tool ? `Run ${request.tool}` : `${job.role} / ${job.kind}`}</strong>
        {request.risk && <Badge value={request.risk} kind={`risk-${request.risk}`} />}
        {stuck && <Badge value="asks for guidance" kind="paused" />}
        <span class="muted small">
          job #{job.id} · {job.role}/{job.kind} · <Time at={job.createdAt} />
        </span>
      </header>
      {job.task && (
        <p class="small">
          Task:{' '}
          <TaskLink id={job.task.id}>{job.task.goal}</TaskLink>
        </p>
      )}
      {request.agent && <p class="small muted">Asked by agent {request.agent}</p>}
      {stuck ? (
        <>
          <p class="stuck-reason">{request.message ?? request.reason}</p>
          <RecentCalls jobId={job.id} />
        </>
      ) : (
        <Json value={request.arguments ?? request} />
      )}
      <label>
        <span>{stuck ? 'Guidance (the role reads it and goes on)' : 'Feedback (optional; the agent sees it)'}</span>
        <textarea name="feedback" rows={2} value={feedback} onInput={(e) => setFeedback(e.currentTarget.value)} />
      </label>
      <div class="form-actions">
        <button type="button" class="primary" disabled={decide.pending} onClick={() => void answer(true)}>
          {stuck ? 'Approve with guidance' : 'Approve'}
        </button>
        <button type="button" class="danger" disabled={decide.pending} onClick={() => void answer(false)}>
          {stuck ? 'Reject (stop the role)' : 'Reject'}
        </button>
      </div>
      <ErrorNotice error={decide.error} onDismiss={decide.clearError} />
    </article>
  );
}

const RECENT_CALLS = 6;

/** What the job's agent did last, as far as this page saw it (the live activity feed). */
function RecentCalls({ jobId }: { jobId: string }) {
  const feed = activity.value;
  void feed?.version.value; // re-render as the feed changes
  const calls = (feed?.entries ?? []).filter((e) => e.jobId === jobId && e.kind === 'TOOL_CALL').slice(-RECENT_CALLS);
  if (calls.length === 0) return null;
  return (
    <div class="recent-calls small">
      <span class="muted">Its last tool calls:</span>
      <ol>
        {calls.map((c) => (
          <li key={c.id}>
            <code>
              {c.tool} {typeof c.data?.arguments === 'string' ? c.data.arguments : ''}
            </code>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The number of waiting jobs, next to the view's name in the navigation. */
export function ApprovalsBadge(_: { projectId: string }) {
  const count = jobFeed.value?.waiting.value.length ?? 0;
  return count > 0 ? (
    <span class="nav-badge" data-testid="approvals-count">
      {count}
    </span>
  ) : null;
}
