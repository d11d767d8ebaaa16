// The selected project's jobs as they change (jobUpdates), for the whole page: one subscription
// that keeps the jobs waiting for a person (the approvals view and its badge) and tells the jobs
// view about every change. jobUpdates streams changes from now on, so the waiting jobs are read once
// after subscribing, and again after each re-connection (changes while away are not replayed).
import { effect, signal } from '@preact/signals';
import { toApiError, type ApiError } from '../api/errors';
import { gql } from '../api/http';
import { apiKey } from '../api/session';
import { live, reconnections } from '../api/ws';
import { JOB_FIELDS, type Job, type JobsPage } from '../views/jobs';
import { projectId } from './project';

const UPDATES = `subscription JobUpdates($projectId: ID!) {
  jobUpdates(projectId: $projectId) { ${JOB_FIELDS} }
}`;

export const WAITING = `query Waiting($projectId: ID!) {
  jobs(projectId: $projectId, first: 100, state: [AWAITING_APPROVAL]) {
    edges { node { ${JOB_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export class ProjectJobs {
  /** Jobs in AWAITING_APPROVAL, oldest first. */
  readonly waiting = signal<Job[]>([]);
  readonly loaded = signal(false);
  readonly error = signal<ApiError | null>(null);
  private readonly listeners = new Set<(job: Job) => void>();
  private unsubscribe: (() => void) | null = null;
  private stopReconnects: (() => void) | null = null;
  /** Jobs updated since the current read of the waiting list began: they win over what it read. */
  private updatedDuringRead: Map<string, Job> | null = null;

  constructor(readonly projectId: string) {}

  start(): void {
    this.unsubscribe = live<{ jobUpdates: Job }>(UPDATES, () => ({ projectId: this.projectId }), {
      next: (data) => this.apply(data.jobUpdates),
      error: (e) => {
        this.error.value = e;
      },
    });
    let first = true;
    this.stopReconnects = reconnections.subscribe(() => {
      if (!first) void this.readWaiting();
    });
    first = false;
    void this.readWaiting();
  }

  stop(): void {
    this.unsubscribe?.();
    this.stopReconnects?.();
    this.unsubscribe = null;
    this.stopReconnects = null;
  }

  /** Calls `listener` with every job change; run the result to stop. */
  onUpdate(listener: (job: Job) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A job's state as a mutation answered it (approveStep), before the subscription brings it. */
  apply(job: Job): void {
    this.updatedDuringRead?.set(job.id, job);
    this.waiting.value = upsertWaiting(this.waiting.value, job);
    for (const listener of this.listeners) listener(job);
  }

  private async readWaiting(): Promise<void> {
    const updated = new Map<string, Job>();
    this.updatedDuringRead = updated;
    try {
      const page = await gql<JobsPage>(WAITING, { projectId: this.projectId });
      let list = page.jobs.edges.map((e) => e.node);
      for (const job of updated.values()) list = upsertWaiting(list, job);
      this.waiting.value = list;
      this.error.value = null;
      this.loaded.value = true;
    } catch (e) {
      this.error.value = toApiError(e);
    } finally {
      if (this.updatedDuringRead === updated) this.updatedDuringRead = null;
    }
  }
}

function upsertWaiting(list: Job[], job: Job): Job[] {
  const rest = list.filter((j) => j.id !== job.id);
  if (job.state !== 'AWAITING_APPROVAL') return rest.length === list.length ? list : rest;
  return [...rest, job].sort((a, b) => Number(a.id) - Number(b.id));
}

export const jobFeed = signal<ProjectJobs | null>(null);

effect(() => {
  const id = projectId.value;
  const key = apiKey.value;
  const next = id && key ? new ProjectJobs(id) : null;
  next?.start();
  jobFeed.value = next;
  return () => next?.stop();
});
