// The Job type and the fields the job views read.

export interface JobFailure {
  type: string;
  message: string;
  nonRetryable: boolean;
}

export interface Job {
  id: string;
  role: string;
  kind: string;
  state: string;
  priority: number;
  payload: Record<string, unknown>;
  runAt: string | null;
  attempts: number;
  maxAttempts: number;
  lease: { owner: string; epoch: number; expiresAt: string | null } | null;
  task: { id: string; goal: string } | null;
  result: unknown;
  lastError: JobFailure | null;
  errors: { attempt: number; failure: JobFailure; at: string }[];
  cancelRequested: boolean;
  createdAt: string;
  finishedAt: string | null;
}

export const JOB_FIELDS = `id role kind state priority payload runAt attempts maxAttempts
  lease { owner epoch expiresAt } task { id goal } result
  lastError { type message nonRetryable } errors { attempt at failure { type message nonRetryable } }
  cancelRequested createdAt finishedAt`;

export const JOB_STATES = ['QUEUED', 'LEASED', 'RUNNING', 'AWAITING_APPROVAL', 'SUCCEEDED', 'FAILED', 'DEAD', 'CANCELLED'] as const;

export interface JobsPage {
  jobs: { edges: { node: Job }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Ledger events after which a project's jobs have likely changed. */
export const touchesJobs = (type: string) => type === 'GoalSubmitted' || type.startsWith('Task') || type.startsWith('Job');
