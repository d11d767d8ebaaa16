// Goals and tasks: submit a goal, and the project's tasks on a board by stage, live through the
// taskUpdates subscription (which streams changes from now on: the list is read again after a
// re-connection).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, toApiError } from '../api/errors';
import { gql } from '../api/http';
import { useMutation, useQuery } from '../api/useQuery';
import { live, reconnections } from '../api/ws';
import { Badge, Empty, Json, Panel, Progress, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ViewProps } from './registry';

export const STAGES = ['DESIGN', 'BUILD', 'TEST', 'REVIEW', 'COMPLETE'] as const;
const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface GoalRun {
  state: string;
  phase: string;
  iteration: number;
  debugRounds: number;
  replans: number;
  currentJob: { id: string; role: string; kind: string; state: string } | null;
  policy: Record<string, unknown>;
  facts: Record<string, unknown>;
  stopReason: string | null;
  startedAt: string;
  deadline: string | null;
  finishedAt: string | null;
}

export interface Task {
  id: string;
  parentTaskId: string | null;
  goal: string;
  status: string;
  stage: (typeof STAGES)[number];
  progress: number;
  currentStep: string;
  priority: number;
  complexity: number;
  assignedAgent: { id: string; name: string } | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  goalRun: GoalRun | null;
}

const TASK_FIELDS = `id parentTaskId goal status stage progress currentStep priority complexity
  assignedAgent { id name } error createdAt updatedAt completedAt
  goalRun { state phase iteration debugRounds replans currentJob { id role kind state }
    policy facts stopReason startedAt deadline finishedAt }`;

const TASKS = `query Tasks($projectId: ID!, $after: String) {
  tasks(projectId: $projectId, first: 100, after: $after) {
    edges { node { ${TASK_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const TASK_UPDATES = `subscription TaskUpdates($projectId: ID!) {
  taskUpdates(projectId: $projectId) { ${TASK_FIELDS} }
}`;

const MAX_PAGES = 20;

interface TasksPage {
  tasks: { edges: { node: Task }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

async function readTasks(projectId: string): Promise<Task[]> {
  const all: Task[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: TasksPage = await gql<TasksPage>(TASKS, { projectId, after });
    all.push(...result.tasks.edges.map((e) => e.node));
    if (!result.tasks.pageInfo.hasNextPage) break;
    after = result.tasks.pageInfo.endCursor;
  }
  return all;
}

/** The project's tasks, kept current by the subscription. */
function useLiveTasks(projectId: string) {
  const [tasks, setTasks] = useState<Map<string, Task>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);
  const reconnected = reconnections.value;

  useEffect(() => {
    let current = true;
    const upsert = (task: Task) =>
      setTasks((before) => {
        const next = new Map(before);
        next.set(task.id, task);
        return next;
      });
    // Subscribe first, then read: a change between the two is not missed (the newer wins).
    const stop = live<{ taskUpdates: Task }>(TASK_UPDATES, () => ({ projectId }), {
      next: (data) => upsert(data.taskUpdates),
      error: (e) => setError(e),
    });
    readTasks(projectId)
      .then((list) => {
        if (!current) return;
        setTasks((before) => {
          const next = new Map(list.map((t) => [t.id, t]));
          for (const [id, t] of before) {
            const read = next.get(id);
            if (!read || read.updatedAt < t.updatedAt) next.set(id, t);
          }
          return next;
        });
        setError(null);
      })
      .catch((e) => current && setError(toApiError(e)));
    return () => {
      current = false;
      stop();
    };
  }, [projectId, reconnected]);

  return { tasks: [...tasks.values()], error, add: (task: Task) => setTasks((b) => new Map(b).set(task.id, task)) };
}

export function BoardView({ projectId }: ViewProps) {
  const { tasks, error, add } = useLiveTasks(projectId!);
  return (
    <div class="board-layout">
      <GoalForm projectId={projectId!} onSubmitted={add} />
      <ErrorNotice error={error} />
      {tasks.length === 0 && <Empty>No tasks yet: submit a goal above.</Empty>}
      <div class="board" aria-label="Task board">
        {STAGES.map((stage) => {
          const inStage = tasks
            .filter((t) => t.stage === stage)
            .sort((a, b) => b.priority - a.priority || a.createdAt.localeCompare(b.createdAt));
          return (
            <section class="board-column" data-stage={stage} key={stage}>
              <h2>
                {stage.toLowerCase()} <span class="count">{inStage.length}</span>
              </h2>
              {inStage.map((task) => (
                <TaskCard task={task} key={task.id} />
              ))}
            </section>
          );
        })}
      </div>
    </div>
  );
}

const CANCEL = `mutation Cancel($id: ID!) { cancelTask(id: $id, reason: "cancelled from the dashboard") { id status } }`;

function TaskCard({ task }: { task: Task }) {
  const cancel = useMutation<unknown, { id: string }>(CANCEL, ['jobs']);
  const [open, setOpen] = useState(false);
  const run = task.goalRun;
  return (
    <article class="task-card" data-task-id={task.id} data-status={task.status} data-goal-state={run?.state}>
      <header>
        <Badge value={task.status} />
        <span class="muted small">
          c{task.complexity} · p{task.priority}
        </span>
      </header>
      <p class="task-goal">{task.goal}</p>
      <Progress percent={task.progress} label={`${task.stage.toLowerCase()} progress`} />
      <p class="task-step">
        <span class="muted">{task.progress}% · </span>
        {task.currentStep || <span class="muted">waiting to start</span>}
      </p>
      {task.error && !task.currentStep.includes(task.error) && <p class="task-error">{task.error}</p>}
      {run && (
        <div class="goal-run small" data-phase={run.phase}>
          <Badge value={run.state} kind={`goal-${run.state}`} />
          <span>
            {run.phase.toLowerCase()} · iteration {run.iteration}
            {run.debugRounds > 0 && ` · debug ${run.debugRounds}`}
            {run.replans > 0 && ` · re-planned ${run.replans}×`}
          </span>
          {run.currentJob && run.state === 'RUNNING' && (
            <span class="muted">
              waits for #{run.currentJob.id} {run.currentJob.role}/{run.currentJob.kind} ({run.currentJob.state.toLowerCase()})
            </span>
          )}
          {run.stopReason && run.stopReason !== task.error && <span class="task-error">{run.stopReason}</span>}
          <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'hide' : 'gates and facts'}
          </button>
          {open && (
            <div class="goal-run-details">
              <h3>Policy</h3>
              <Json value={run.policy} />
              <h3>Facts</h3>
              <Json value={run.facts} />
              {run.deadline && (
                <p class="muted">
                  deadline {new Date(run.deadline).toLocaleString()}
                </p>
              )}
            </div>
          )}
        </div>
      )}
      <footer class="small muted">
        {task.assignedAgent ? `agent ${task.assignedAgent.name}` : 'unassigned'} · <Time at={task.updatedAt} />
        {!FINISHED.has(task.status) && (
          <button type="button" class="link danger" disabled={cancel.pending} onClick={() => void cancel.run({ id: task.id })}>
            cancel
          </button>
        )}
      </footer>
      <ErrorNotice error={cancel.error} onDismiss={cancel.clearError} />
    </article>
  );
}

const SUBMIT = `mutation Submit($projectId: ID!, $goal: String!, $agentId: ID, $complexity: Int, $priority: Int, $policy: JSON) {
  submitGoal(projectId: $projectId, goal: $goal, agentId: $agentId, complexity: $complexity, priority: $priority, policy: $policy) {
    task { ${TASK_FIELDS} }
    job { id }
    event { seq }
  }
}`;

const AGENT_CHOICES = `query AgentChoices($projectId: ID) {
  agents(first: 100, projectId: $projectId) { edges { node { id name status } } }
}`;

function GoalForm({ projectId, onSubmitted }: { projectId: string; onSubmitted: (task: Task) => void }) {
  const [goal, setGoal] = useState('');
  const [agentId, setAgentId] = useState('');
  const [complexity, setComplexity] = useState(5);
  const [priority, setPriority] = useState(0);
  const submit = useMutation<{ submitGoal: { task: Task } }, Record<string, unknown>>(SUBMIT, ['jobs']);
  const agents = useQuery<{ agents: { edges: { node: { id: string; name: string; status: string } }[] } }>(
    AGENT_CHOICES,
    { projectId },
    { refreshOn: (type) => type.startsWith('Agent'), topics: ['agents'] },
  );

  const [policy, setPolicy] = useState<PolicyForm>({});

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await submit.run({ projectId, goal, agentId: agentId || null, complexity, priority, policy: policyOf(policy) });
    if (result) {
      onSubmitted(result.submitGoal.task);
      setGoal('');
    }
  };

  return (
    <Panel title="Submit a goal" class="goal-panel">
      <form class="goal-form" onSubmit={onSubmit}>
        <label class="grow">
          <span>Goal</span>
          <textarea
            name="goal"
            rows={2}
            required
            placeholder="Describe what to build, e.g. “Add a /health endpoint with a test”"
            value={goal}
            onInput={(e) => setGoal(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>Agent</span>
          <select name="agent" value={agentId} onChange={(e) => setAgentId(e.currentTarget.value)}>
            <option value="">director decides</option>
            {agents.data?.agents.edges.map(({ node }) => (
              <option value={node.id} key={node.id}>
                {node.name} ({node.status.toLowerCase()})
              </option>
            ))}
          </select>
        </label>
        <label class="narrow">
          <span>Complexity</span>
          <input type="number" name="complexity" min={1} max={10} value={complexity} onInput={(e) => setComplexity(Number(e.currentTarget.value))} />
        </label>
        <label class="narrow">
          <span>Priority</span>
          <input type="number" name="priority" value={priority} onInput={(e) => setPriority(Number(e.currentTarget.value))} />
        </label>
        <button type="submit" class="primary" disabled={submit.pending || !goal.trim()}>
          {submit.pending ? 'Submitting…' : 'Submit goal'}
        </button>
        <PolicyFields value={policy} onChange={setPolicy} />
      </form>
      <ErrorNotice error={submit.error} onDismiss={submit.clearError} />
    </Panel>
  );
}

/**
 * The goal's policy (quality gates and limits). Every field starts empty: the server's defaults
 * apply to what is left so, and only what the user set is sent.
 */
type PolicyForm = Partial<Record<(typeof POLICY_FIELDS)[number]['name'], string>>;

const POLICY_FIELDS = [
  { name: 'requireTestsPass', label: 'Tests must pass', kind: 'boolean' },
  { name: 'requireLintClean', label: 'Lint must be clean', kind: 'boolean' },
  { name: 'requireArchitectApproval', label: "Architect's approval", kind: 'boolean' },
  { name: 'minCoverage', label: 'Min coverage %', kind: 'number' },
  { name: 'maxIterations', label: 'Max iterations', kind: 'number' },
  { name: 'maxDebugRounds', label: 'Max debug rounds', kind: 'number' },
  { name: 'maxReplans', label: 'Max re-plans', kind: 'number' },
  { name: 'maxMinutes', label: 'Max minutes', kind: 'number' },
  { name: 'onStuck', label: 'When stuck', kind: 'choice' },
] as const;

function policyOf(form: PolicyForm): Record<string, unknown> | null {
  const policy: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) {
    const value = form[field.name];
    if (value === undefined || value === '') continue;
    policy[field.name] = field.kind === 'boolean' ? value === 'yes' : field.kind === 'number' ? Number(value) : value;
  }
  return Object.keys(policy).length ? policy : null;
}

function PolicyFields({ value, onChange }: { value: PolicyForm; onChange: (next: PolicyForm) => void }) {
  const set = (name: string) => (e: Event) => onChange({ ...value, [name]: (e.currentTarget as HTMLInputElement).value });
  return (
    <details class="policy">
      <summary>Quality gates and limits (server defaults unless set)</summary>
      <div class="policy-fields">
        {POLICY_FIELDS.map((field) => (
          <label key={field.name}>
            <span>{field.label}</span>
            {field.kind === 'number' ? (
              <input type="number" name={`policy-${field.name}`} placeholder="default" value={value[field.name] ?? ''} onInput={set(field.name)} />
            ) : (
              <select name={`policy-${field.name}`} value={value[field.name] ?? ''} onChange={set(field.name)}>
                <option value="">default</option>
                {field.kind === 'boolean' ? (
                  <>
                    <option value="yes">yes</option>
                    <option value="no">no</option>
                  </>
                ) : (
                  <>
                    <option value="REPLAN">re-plan</option>
                    <option value="STOP">stop</option>
                  </>
                )}
              </select>
            )}
          </label>
        ))}
      </div>
    </details>
  );
}
