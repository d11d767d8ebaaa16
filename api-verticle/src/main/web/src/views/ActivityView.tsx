// Live activity of the project's agents, or of one task (?task= keeps the choice in the URL).
import { useQuery } from '../api/useQuery';
import { ActivityFeed } from '../components/ActivityFeed';
import { Panel } from '../components/bits';
import { TaskLink } from '../components/Link';
import { location, navigate } from '../state/router';
import type { ViewProps } from './registry';

const TASK_NAMES = `query TaskNames($projectId: ID!) {
  tasks(projectId: $projectId, first: 100) { edges { node { id goal parentTaskId } } }
}`;

interface TaskNames {
  tasks: { edges: { node: { id: string; goal: string; parentTaskId: string | null } }[] };
}

export function ActivityView({ projectId }: ViewProps) {
  const taskId = location.value.query.get('task');
  const tasks = useQuery<TaskNames>(TASK_NAMES, { projectId }, { refreshOn: (type) => type === 'TaskCreated' });
  const list = tasks.data?.tasks.edges.map((e) => e.node) ?? [];
  const names = new Map(list.map((t) => [t.id, t.goal]));
  return (
    <Panel
      title="Live activity"
      class="activity-panel"
      actions={
        <>
          <label class="inline">
            <span>Task</span>
            <select aria-label="Task" value={taskId ?? ''} onChange={(e) => navigate('/activity', { task: e.currentTarget.value || null })}>
              <option value="">every task</option>
              {[...list].reverse().map((t) => (
                <option value={t.id} key={t.id}>
                  {t.parentTaskId ? '↳ ' : ''}
                  {t.goal.length > 60 ? `${t.goal.slice(0, 60)}…` : t.goal}
                </option>
              ))}
            </select>
          </label>
          {taskId && <TaskLink id={taskId}>task details</TaskLink>}
        </>
      }
    >
      <ActivityFeed taskId={taskId} taskNames={names} />
    </Panel>
  );
}
