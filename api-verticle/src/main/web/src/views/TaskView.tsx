// One task (?task=<id>): its goal run, plan, test runs, code (changes with diffs, files), checkpoints,
// model usage against its budget, live activity and ledger timeline. The task is read once and kept current by taskUpdates (read again after a
// re-connection); usage is read again when the ledger records a model turn.
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api/errors';
import { useMutation, useQuery } from '../api/useQuery';
import { live } from '../api/ws';
import { ActivityFeed } from '../components/ActivityFeed';
import { Badge, Empty, Panel, Progress, Time } from '../components/bits';
import { BUDGET_FIELDS, BudgetBars, BudgetForm, touchesUsage, USAGE_FIELDS, UsageTable, type Budget, type Usage } from '../components/Budget';
import { ErrorNotice } from '../components/ErrorNotice';
import { Link, TaskLink } from '../components/Link';
import { location } from '../state/router';
import type { ViewProps } from './registry';
import { FINISHED, TASK_FIELDS, type Task } from './tasks';
import { CheckpointsPanel } from './task/CheckpointsPanel';
import { CodePanel } from './task/CodePanel';
import { GoalRunPanel } from './task/GoalRunPanel';
import { PlanPanel, type SubTask } from './task/PlanPanel';
import { TaskTimeline } from './task/TaskTimeline';
import { TestResultsPanel } from './task/TestResultsPanel';

const DETAIL_FIELDS = `${TASK_FIELDS} description plan acceptanceCriteria result budget { ${BUDGET_FIELDS} }`;

interface TaskDetail extends Task {
  description: string;
  plan: unknown;
  acceptanceCriteria: unknown[];
  result: unknown;
  budget: Budget | null;
}

const TASK_PAGE = `query TaskPage($id: ID!, $projectId: ID!) {
  task(id: $id) { ${DETAIL_FIELDS} }
  tasks(projectId: $projectId, first: 100) { edges { node { id goal status parentTaskId } } }
}`;

const TASK_USAGE = `query TaskUsage($id: ID!, $projectId: ID!) {
  usage(projectId: $projectId, taskId: $id) { ${USAGE_FIELDS} }
}`;

const TASK_UPDATES = `subscription TaskPageUpdates($projectId: ID!) {
  taskUpdates(projectId: $projectId) { ${DETAIL_FIELDS} }
}`;

const CANCEL = `mutation CancelTask($id: ID!) { cancelTask(id: $id, reason: "cancelled from the task page") { id status } }`;

interface TaskPage {
  task: TaskDetail | null;
  tasks: { edges: { node: SubTask & { parentTaskId: string | null } }[] };
}

export function TaskView({ projectId }: ViewProps) {
  const id = location.value.query.get('task');
  if (!id) {
    return (
      <Empty>
        No task picked: open one from the <Link to="/board">task board</Link>.
      </Empty>
    );
  }
  return <TaskPageFor projectId={projectId!} id={id} key={id} />;
}

function TaskPageFor({ projectId, id }: { projectId: string; id: string }) {
  const page = useQuery<TaskPage>(TASK_PAGE, { id, projectId }, { topics: ['budgets', 'jobs'] });
  const usage = useQuery<{ usage: Usage }>(TASK_USAGE, { id, projectId }, { refreshOn: touchesUsage, topics: ['budgets'] });
  const [updated, setUpdated] = useState<TaskDetail | null>(null);
  const [subUpdates, setSubUpdates] = useState<Map<string, SubTask>>(new Map());
  const cancel = useMutation<unknown, { id: string }>(CANCEL, ['jobs']);
  const [liveError, setLiveError] = useState<ApiError | null>(null);

  useEffect(() => {
    setUpdated(null);
    setSubUpdates(new Map());
  }, [page.data]);
  useEffect(
    () =>
      live<{ taskUpdates: TaskDetail }>(TASK_UPDATES, () => ({ projectId }), {
        next: ({ taskUpdates: t }) => {
          if (t.id === id) setUpdated(t);
          else if (t.parentTaskId === id) setSubUpdates((before) => new Map(before).set(t.id, t));
        },
        error: setLiveError,
      }),
    [projectId, id],
  );

  const read = page.data?.task ?? null;
  const task = updated && (!read || updated.updatedAt >= read.updatedAt) ? updated : read;
  if (page.error && !task) return <ErrorNotice error={page.error} />;
  if (!task) return page.loading ? <p class="muted">Loading the task…</p> : <Empty>No task {id} in this project.</Empty>;
  const subtasks = [
    ...(page.data?.tasks.edges.map((e) => e.node).filter((t) => t.parentTaskId === id && !subUpdates.has(t.id)) ?? []),
    ...subUpdates.values(),
  ];

  return (
    <div class="task-page" data-task-id={task.id} data-status={task.status}>
      <Panel
        title={
          <>
            <Badge value={task.status} /> {task.goal}
          </>
        }
        class="task-head"
        actions={
          <>
            <Link to="/activity" query={{ task: task.id }}>
              activity only
            </Link>
            {!FINISHED.has(task.status) && (
              <button type="button" class="danger" disabled={cancel.pending} onClick={() => void cancel.run({ id: task.id })}>
                Cancel task
              </button>
            )}
          </>
        }
      >
        <ErrorNotice error={page.error ?? liveError} />
        <ErrorNotice error={cancel.error} onDismiss={cancel.clearError} />
        <div class="task-head-body">
          <div>
            <Progress percent={task.progress} label={`${task.stage.toLowerCase()} progress`} />
            <p class="small">
              <span class="muted">
                {task.stage.toLowerCase()} · {task.progress}% ·{' '}
              </span>
              {task.currentStep || <span class="muted">waiting to start</span>}
            </p>
            {task.error && <p class="task-error">{task.error}</p>}
            {task.description && task.description !== task.goal && <p class="small">{task.description}</p>}
          </div>
          <dl class="facts small">
            <dt>task</dt>
            <dd>
              <code>{task.id}</code>
            </dd>
            {task.parentTaskId && (
              <>
                <dt>part of</dt>
                <dd>
                  <TaskLink id={task.parentTaskId}>the goal</TaskLink>
                </dd>
              </>
            )}
            <dt>agent</dt>
            <dd>{task.assignedAgent?.name ?? 'director decides'}</dd>
            <dt>complexity · priority</dt>
            <dd>
              {task.complexity} · {task.priority}
            </dd>
            <dt>created</dt>
            <dd>
              <Time at={task.createdAt} />
            </dd>
            {task.completedAt && (
              <>
                <dt>completed</dt>
                <dd>
                  <Time at={task.completedAt} />
                </dd>
              </>
            )}
          </dl>
        </div>
      </Panel>
      <GoalRunPanel run={task.goalRun} />
      <PlanPanel plan={task.plan} subtasks={subtasks} />
      <Panel title="Cost and tokens" class="task-costs">
        <ErrorNotice error={usage.error} />
        <UsageTable usage={usage.data?.usage ?? null} />
        <h3>Budget of this task</h3>
        <BudgetBars budget={task.budget} />
        <BudgetForm projectId={projectId} taskId={task.id} budget={task.budget} key={task.budget ? `${task.budget.maxTokens}/${task.budget.maxCost}` : 'none'} />
      </Panel>
      <CheckpointsPanel taskId={task.id} goalRunning={task.goalRun?.state === 'RUNNING'} />
      <TestResultsPanel taskId={task.id} />
      <CodePanel taskId={task.id} />
      <Panel title="Live activity" class="task-activity">
        <ActivityFeed taskId={task.id} />
      </Panel>
      <TaskTimeline taskId={task.id} />
    </div>
  );
}
