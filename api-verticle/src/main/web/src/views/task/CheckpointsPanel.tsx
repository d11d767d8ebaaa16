// A goal's checkpoints (the tester sets one on every green run; a person may set more): create one,
// or roll the workspace back to one. Both run as jobs on a worker (the workspace lives there), so
// the panel follows the jobs it asked for through jobUpdates and reads the checkpoints again when
// they are done.
import { useEffect, useState } from 'preact/hooks';
import { invalidate, useMutation } from '../../api/useQuery';
import { Badge, Empty, Panel, Time } from '../../components/bits';
import { ErrorNotice } from '../../components/ErrorNotice';
import { jobFeed } from '../../state/jobs';
import type { Job } from '../jobs';
import { useCheckpoints, type Checkpoint } from './records';

interface AskedJob {
  id: string;
  kind: string;
  state: string;
  /** What the person asked for, in words. */
  what: string;
  lastError: { type: string; message: string } | null;
}

const JOB = `id kind state lastError { type message }`;

const CREATE = `mutation CreateCheckpoint($taskId: ID!, $name: String!) {
  createCheckpoint(taskId: $taskId, name: $name) { ${JOB} }
}`;

const ROLLBACK = `mutation Rollback($checkpointId: ID!, $reason: String) {
  rollbackToCheckpoint(checkpointId: $checkpointId, reason: $reason) { ${JOB} }
}`;

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'DEAD', 'CANCELLED']);

export function CheckpointsPanel({ taskId, goalRunning }: { taskId: string; goalRunning: boolean }) {
  const checkpoints = useCheckpoints(taskId);
  const list = checkpoints.data?.nodes ?? [];
  const [name, setName] = useState('');
  const [asked, setAsked] = useState<AskedJob[]>([]);
  const create = useMutation<{ createCheckpoint: AskedJob }, { taskId: string; name: string }>(CREATE);
  const rollback = useMutation<{ rollbackToCheckpoint: AskedJob }, { checkpointId: string; reason: string | null }>(ROLLBACK);

  // The task's checkpoint and rollback jobs as they change (whoever asked): the latest state of
  // each, and once one ends the checkpoints and code changes are read again.
  const [latest, setLatest] = useState<Map<string, Job>>(new Map());
  const feed = jobFeed.value;
  useEffect(
    () =>
      feed?.onUpdate((job) => {
        if (job.task?.id !== taskId || (job.kind !== 'checkpoint' && job.kind !== 'rollback')) return;
        setLatest((before) => new Map(before).set(job.id, job));
        if (ENDED.has(job.state)) invalidate('checkpoints', 'codeChanges');
      }),
    [feed, taskId],
  );

  const onCreate = async (event: Event) => {
    event.preventDefault();
    const result = await create.run({ taskId, name: name.trim() });
    if (result) {
      setAsked((before) => [...before, { ...result.createCheckpoint, what: `checkpoint ${name.trim()}` }]);
      setName('');
    }
  };
  const onRollback = async (checkpoint: Checkpoint, reason: string) => {
    const result = await rollback.run({ checkpointId: checkpoint.id, reason: reason || null });
    if (result) setAsked((before) => [...before, { ...result.rollbackToCheckpoint, what: `roll back to ${checkpoint.name}` }]);
  };

  return (
    <Panel title={`Checkpoints (${list.length})`} class="checkpoints-panel">
      <ErrorNotice error={checkpoints.error} />
      <form class="checkpoint-form" onSubmit={onCreate} aria-label="New checkpoint">
        <label>
          <span>Name (letters, digits, . _ -)</span>
          <input name="checkpointName" value={name} placeholder="e.g. before-refactor" onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={create.pending || !name.trim()}>
          Set checkpoint
        </button>
      </form>
      <ErrorNotice error={create.error} onDismiss={create.clearError} />
      <ErrorNotice error={rollback.error} onDismiss={rollback.clearError} />
      {asked.length > 0 && (
        <ul class="asked-jobs small">
          {asked.map((asked) => {
            const job = latest.get(asked.id) ?? asked;
            return (
              <li data-job-id={job.id} data-state={job.state} key={job.id}>
                {asked.what}: job #{job.id} <Badge value={job.state} />
                {job.lastError && <span class="error-text"> {job.lastError.message}</span>}
              </li>
            );
          })}
        </ul>
      )}
      {list.length === 0 ? (
        <Empty>No checkpoint yet: the tester sets one when the tests pass.</Empty>
      ) : (
        <ol class="checkpoints">
          {[...list].reverse().map((checkpoint) => (
            <CheckpointRow checkpoint={checkpoint} goalRunning={goalRunning} pending={rollback.pending} onRollback={onRollback} key={checkpoint.id} />
          ))}
        </ol>
      )}
    </Panel>
  );
}

function CheckpointRow({ checkpoint, goalRunning, pending, onRollback }: {
  checkpoint: Checkpoint;
  goalRunning: boolean;
  pending: boolean;
  onRollback: (checkpoint: Checkpoint, reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  return (
    <li class="checkpoint" data-checkpoint={checkpoint.name} data-ledger-seq={checkpoint.ledgerSeq}>
      <header>
        <span class="flag-mark">⚑</span> <strong>{checkpoint.name}</strong>
        <code class="small muted" title={checkpoint.commitId}>
          {checkpoint.commitId.slice(0, 10)}
        </code>
        <span class="small muted">
          ledger #{checkpoint.ledgerSeq} · by {checkpoint.createdBy} · <Time at={checkpoint.createdAt} />
        </span>
        <button
          type="button"
          class="link"
          onClick={() => setAsking(!asking)}
          title={goalRunning ? 'The goal is running: the server refuses a rollback until it ends' : undefined}
        >
          roll back…
        </button>
      </header>
      {asking && (
        <form
          class="rollback-form"
          onSubmit={(e) => {
            e.preventDefault();
            onRollback(checkpoint, reason);
            setAsking(false);
          }}
        >
          <input name="reason" placeholder="why (recorded with the rollback)" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <button type="submit" class="danger" disabled={pending}>
            Roll back to {checkpoint.name}
          </button>
        </form>
      )}
    </li>
  );
}
