// What the selected project's agents do, live (agentActivity): one subscription for the whole page,
// so the feed keeps collecting while another view is shown (an approval, the board). The server
// keeps no history of it (the ledger is the durable record), so the feed starts when the page
// starts watching the project and holds at most MAX_ENTRIES in memory, dropping the oldest.
//
// Streamed model tokens arrive one piece per message; they are joined into one entry per model call
// (data.callId), in the order of data.seq: a piece that arrives early waits for the ones before it.
import { effect, signal } from '@preact/signals';
import type { ApiError } from '../api/errors';
import { apiKey } from '../api/session';
import { live } from '../api/ws';
import { projectId } from './project';

export type ActivityKind = 'MONOLOGUE' | 'TOOL_CALL' | 'TOOL_RESULT' | 'TOKENS' | 'COMMAND_OUTPUT' | 'STATUS';

export const ACTIVITY_KINDS: readonly ActivityKind[] = ['MONOLOGUE', 'TOOL_CALL', 'TOOL_RESULT', 'TOKENS', 'COMMAND_OUTPUT', 'STATUS'];

/** One item as the subscription sends it. */
export interface AgentActivity {
  projectId: string;
  taskId: string | null;
  jobId: string | null;
  agentId: string | null;
  role: string | null;
  kind: ActivityKind;
  text: string;
  tool: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

/** One line of the feed: an item, or every token of one model call joined. */
export interface ActivityEntry {
  /** Increasing per feed: the entry's place and its key. */
  id: number;
  kind: ActivityKind;
  taskId: string | null;
  jobId: string | null;
  agentId: string | null;
  role: string | null;
  tool: string | null;
  data: Record<string, unknown> | null;
  at: string;
  text: string;
  /** Bumped whenever the entry changes (tokens appended), so rows re-render only then. */
  revision: number;
  /** TOKENS: the model call, the pieces joined so far and those waiting for an earlier piece. */
  callId?: string;
  pieces?: number;
  waiting?: Map<number, string>;
  /** TOKENS: the job reported something else since, so this call's stream has ended. */
  done?: boolean;
}

export const MAX_ENTRIES = 1000;
/** A single entry's text is cut here (a model that streams a book). */
const MAX_TEXT = 20_000;

const SUBSCRIPTION = `subscription Activity($projectId: ID!) {
  agentActivity(projectId: $projectId) { projectId taskId jobId agentId role kind text tool data at }
}`;

export class ProjectActivity {
  /** Oldest first; read it after reading `version`. */
  entries: ActivityEntry[] = [];
  readonly version = signal(0);
  readonly error = signal<ApiError | null>(null);
  /** Entries dropped to stay within MAX_ENTRIES. */
  readonly dropped = signal(0);
  /** Items received in all (token pieces counted one by one). */
  received = 0;
  private nextId = 1;
  private readonly calls = new Map<string, ActivityEntry>();
  private scheduled = false;
  private unsubscribe: (() => void) | null = null;

  constructor(readonly projectId: string) {}

  start(): void {
    this.unsubscribe = live<{ agentActivity: AgentActivity }>(SUBSCRIPTION, () => ({ projectId: this.projectId }), {
      next: (data) => this.accept(data.agentActivity),
      error: (e) => {
        this.error.value = e;
      },
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  clear(): void {
    this.entries = [];
    this.calls.clear();
    this.dropped.value = 0;
    this.changed();
  }

  /** Takes one item; public so that the joining and the cap can be tested without a server. */
  accept(item: AgentActivity): void {
    this.received++;
    this.error.value = null;
    if (item.kind === 'TOKENS') {
      this.acceptTokens(item);
    } else {
      this.endStreams(item.jobId);
      this.append({ ...base(item), id: this.nextId++, text: cut(item.text), revision: 0 });
    }
    this.changed();
  }

  /** A job's model calls have ended once it reports anything else (its turn, a tool call). */
  private endStreams(jobId: string | null): void {
    if (jobId === null) return;
    for (const entry of this.calls.values()) {
      if (!entry.done && entry.jobId === jobId) {
        entry.done = true;
        entry.revision++;
      }
    }
  }

  private acceptTokens(item: AgentActivity): void {
    const callId = String(item.data?.callId ?? '');
    const seq = Number(item.data?.seq ?? 0);
    let entry = this.calls.get(callId);
    if (!entry) {
      entry = { ...base(item), id: this.nextId++, text: '', revision: 0, callId, pieces: 0, waiting: new Map() };
      this.calls.set(callId, entry);
      this.append(entry);
    }
    if (seq < entry.pieces! || entry.waiting!.has(seq)) return; // a piece seen before
    entry.waiting!.set(seq, item.text);
    let text = entry.text;
    while (entry.waiting!.has(entry.pieces!)) {
      text += entry.waiting!.get(entry.pieces!)!;
      entry.waiting!.delete(entry.pieces!);
      entry.pieces!++;
    }
    entry.text = cut(text);
    entry.at = item.at;
    entry.revision++;
  }

  private append(entry: ActivityEntry): void {
    this.entries.push(entry);
    const over = this.entries.length - MAX_ENTRIES;
    if (over > 0) {
      for (const old of this.entries.splice(0, over)) {
        if (old.callId) this.calls.delete(old.callId);
      }
      this.dropped.value += over;
    }
  }

  /** At most one render per animation frame, however fast tokens stream. */
  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      // A new array: views that hold the old one (a paused feed) keep what they showed.
      this.entries = [...this.entries];
      this.version.value++;
    });
  }
}

function base(item: AgentActivity) {
  return {
    kind: item.kind,
    taskId: item.taskId,
    jobId: item.jobId,
    agentId: item.agentId,
    role: item.role,
    tool: item.tool,
    data: item.data,
    at: item.at,
  };
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (cut)` : text;
}

export const activity = signal<ProjectActivity | null>(null);

effect(() => {
  const id = projectId.value;
  const key = apiKey.value;
  const next = id && key ? new ProjectActivity(id) : null;
  next?.start();
  activity.value = next;
  return () => next?.stop();
});
