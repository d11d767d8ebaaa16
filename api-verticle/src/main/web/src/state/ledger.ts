// The selected project's ledger, kept for the whole page: the timeline renders it, and other
// views re-read their data when events of interest arrive. One subscription, resumed after a
// dropped connection from the last seq seen, so that nothing is lost or shown twice.
import { effect, signal } from '@preact/signals';
import type { ApiError } from '../api/errors';
import { apiKey } from '../api/session';
import { live } from '../api/ws';
import { projectId } from './project';

export interface LedgerEvent {
  projectId: string;
  seq: number;
  source: 'AGENT' | 'USER' | 'SYSTEM';
  causeSeq: number | null;
  type: string;
  payload: unknown;
  createdAt: string;
}

const SUBSCRIPTION = `subscription Ledger($projectId: ID!, $afterSeq: Int!) {
  ledgerEvents(projectId: $projectId, afterSeq: $afterSeq) {
    projectId seq source causeSeq type payload createdAt
  }
}`;

/** The events of one flush (at most one per animation frame), for views that react to types. */
export interface LedgerBatch {
  projectId: string;
  types: ReadonlySet<string>;
}

export class ProjectLedger {
  /** Every event seen, in seq order; read it after reading `version`. */
  readonly events: LedgerEvent[] = [];
  readonly version = signal(0);
  readonly error = signal<ApiError | null>(null);
  /** Events received with a seq already seen: the resume after a reconnect must keep this 0. */
  readonly duplicates = signal(0);
  /** Events whose seq did not follow the previous one: the server promises none. */
  readonly gaps = signal(0);
  private lastSeq = 0;
  private pending: LedgerEvent[] = [];
  private flushScheduled = false;
  private unsubscribe: (() => void) | null = null;

  constructor(readonly projectId: string) {}

  start(): void {
    this.unsubscribe = live<{ ledgerEvents: LedgerEvent }>(
      SUBSCRIPTION,
      () => ({ projectId: this.projectId, afterSeq: this.lastSeq }),
      {
        next: (data) => this.accept(data.ledgerEvents),
        error: (e) => {
          this.error.value = e;
        },
      },
    );
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  get last(): number {
    return this.lastSeq;
  }

  private accept(event: LedgerEvent): void {
    if (event.seq <= this.lastSeq) {
      this.duplicates.value++;
      return;
    }
    if (event.seq !== this.lastSeq + 1) this.gaps.value++;
    this.lastSeq = event.seq;
    this.error.value = null;
    this.pending.push(event);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Stored events arrive in a burst (thousands): render them once per frame, not per event.
      requestAnimationFrame(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const event of batch) this.events.push(event);
    this.version.value++;
    ledgerBatch.value = { projectId: this.projectId, types: new Set(batch.map((e) => e.type)) };
  }
}

export const ledger = signal<ProjectLedger | null>(null);
export const ledgerBatch = signal<LedgerBatch | null>(null);

effect(() => {
  const id = projectId.value;
  const key = apiKey.value;
  const next = id && key ? new ProjectLedger(id) : null;
  next?.start();
  ledger.value = next;
  return () => next?.stop();
});
