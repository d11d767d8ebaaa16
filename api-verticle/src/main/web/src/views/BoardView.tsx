// Goals and tasks: submit a goal, and the project's tasks on a board by stage, live through the
// taskUpdates subscription (which streams changes from now on: the list is read again after a
// re-connection).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, toApiError } from '../api/errors';
import { gql } from '../api/http';
import { useMutation, useQuery } from '../api/useQuery';
import { live, reconnections } from '../api/ws';
import { Badge, Empty, Panel, Progress, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ViewProps } from './registry';

export const STAGES = ['DESIGN', 'BUILD', 'TEST', 'REVIEW', 'COMPLETE'] as const;
const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

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
}

const TASK_FIELDS = `id parentTaskId goal status stage progress currentStep priority complexity
  assignedAgent { id name } error createdAt updatedAt completedAt`;

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
  return (
    <article class="task-card" data-task-id={task.id} data-status={task.status}>
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
      {task.error && <p class="task-error">{task.error}</p>}
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

const SUBMIT = `mutation Submit($projectId: ID!, $goal: String!, $agentId: ID, $complexity: Int, $priority: Int) {
  submitGoal(projectId: $projectId, goal: $goal, agentId: $agentId, complexity: $complexity, priority: $priority) {
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

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await submit.run({ projectId, goal, agentId: agentId || null, complexity, priority });
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
      </form>
      <ErrorNotice error={submit.error} onDismiss={submit.clearError} />
    </Panel>
  );
}
