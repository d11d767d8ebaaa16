// Where a goal's continuous loop stands: its phase on the loop's path, the iteration and rounds
// against the policy's limits, the job it waits for, each quality gate on the latest facts, and why
// it stopped.
import { Badge, Json, Panel, Time } from '../../components/bits';
import type { GoalRun } from '../tasks';
import { gates } from './gates';

const PHASES = ['PLANNING', 'CODING', 'TESTING', 'DEBUGGING', 'REVIEWING', 'DONE'] as const;

export function GoalRunPanel({ run }: { run: GoalRun | null }) {
  if (!run) {
    return (
      <Panel title="Goal run">
        <p class="muted">This task is not a goal (it was not submitted with submitGoal), so no loop runs it.</p>
      </Panel>
    );
  }
  const policy = run.policy;
  const current = PHASES.indexOf(run.phase as (typeof PHASES)[number]);
  const list = gates(policy, run.facts);
  return (
    <Panel title="Goal run" actions={<Badge value={run.state} kind={`goal-${run.state}`} />} class="goal-run-panel">
      <ol class="phases" aria-label="Phases" data-phase={run.phase}>
        {PHASES.map((phase, i) => (
          <li class={i < current ? 'done' : i === current ? 'current' : ''} aria-current={i === current ? 'step' : undefined} key={phase}>
            {phase.toLowerCase()}
          </li>
        ))}
      </ol>
      <dl class="facts goal-numbers">
        <dt>iteration</dt>
        <dd data-testid="goal-iteration">
          {run.iteration} of {String(policy.maxIterations ?? '?')}
        </dd>
        <dt>debug rounds</dt>
        <dd>
          {run.debugRounds} of {String(policy.maxDebugRounds ?? '?')} per iteration
        </dd>
        <dt>re-plans</dt>
        <dd>
          {run.replans} of {String(policy.maxReplans ?? '?')}
        </dd>
        <dt>when stuck</dt>
        <dd>{String(policy.onStuck ?? 'REPLAN').toLowerCase().replace('_', ' ')}</dd>
        <dt>started</dt>
        <dd>
          <Time at={run.startedAt} />
          {run.deadline && <span class="muted"> · deadline {new Date(run.deadline).toLocaleString()}</span>}
        </dd>
        {run.finishedAt && (
          <>
            <dt>finished</dt>
            <dd>
              <Time at={run.finishedAt} />
            </dd>
          </>
        )}
        {run.currentJob && run.state === 'RUNNING' && (
          <>
            <dt>waits for</dt>
            <dd>
              job #{run.currentJob.id} {run.currentJob.role}/{run.currentJob.kind} <Badge value={run.currentJob.state} />
            </dd>
          </>
        )}
      </dl>
      {run.stopReason && (
        <p class={run.state === 'COMPLETED' ? 'stop-reason ok' : 'stop-reason'} data-testid="stop-reason">
          {run.stopReason}
        </p>
      )}
      <h3>Quality gates</h3>
      {list.length === 0 ? (
        <p class="muted small">The policy asks for no gate.</p>
      ) : (
        <ul class="gates">
          {list.map((gate) => (
            <li class={`gate gate-${gate.state}`} data-gate={gate.name} data-state={gate.state} key={gate.name}>
              <span class="gate-mark" aria-hidden="true">
                {gate.state === 'passed' ? '✓' : gate.state === 'failed' ? '✗' : '…'}
              </span>
              <strong>{gate.name}</strong> <span class="muted">{gate.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary class="small muted">policy and facts as stored</summary>
        <div class="two-json">
          <Json value={policy} />
          <Json value={run.facts} />
        </div>
      </details>
    </Panel>
  );
}
