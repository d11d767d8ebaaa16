// The architect's plan of a goal (Task.plan): its summary and the tasks in build order, each with
// its kind, complexity, dependencies and acceptance criteria, and the sub-task it became.
import { Badge, Json, Panel } from '../../components/bits';
import { TaskLink } from '../../components/Link';

interface PlanItem {
  title?: string;
  description?: string;
  kind?: string;
  complexity?: number;
  dependsOn?: unknown[];
  acceptanceCriteria?: unknown[];
}

export interface SubTask {
  id: string;
  goal: string;
  status: string;
}

export function PlanPanel({ plan, subtasks }: { plan: unknown; subtasks: SubTask[] }) {
  if (!plan || typeof plan !== 'object') {
    return (
      <Panel title="Plan">
        <p class="muted">No plan yet: the architect writes one when the goal starts.</p>
      </Panel>
    );
  }
  const { summary, tasks } = plan as { summary?: string; tasks?: PlanItem[] };
  if (!Array.isArray(tasks)) {
    return (
      <Panel title="Plan">
        <Json value={plan} />
      </Panel>
    );
  }
  return (
    <Panel title={`Plan (${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'})`}>
      {summary && <p class="plan-summary">{summary}</p>}
      <ol class="plan-items">
        {tasks.map((item, i) => {
          const sub = subtasks.find((t) => t.goal === item.title);
          return (
            <li class="plan-item" data-plan-item={i} key={i}>
              <header>
                <strong>{item.title ?? `task ${i + 1}`}</strong>
                {item.kind && <Badge value={item.kind} kind="role" />}
                {item.complexity !== undefined && <span class="muted small">complexity {item.complexity}</span>}
                {sub && (
                  <span class="small">
                    <Badge value={sub.status} /> <TaskLink id={sub.id}>sub-task</TaskLink>
                  </span>
                )}
              </header>
              {item.description && <p class="small">{item.description}</p>}
              {Array.isArray(item.dependsOn) && item.dependsOn.length > 0 && (
                <p class="small muted">after {item.dependsOn.map((d) => (typeof d === 'number' ? `#${d + 1}` : String(d))).join(', ')}</p>
              )}
              {Array.isArray(item.acceptanceCriteria) && item.acceptanceCriteria.length > 0 && (
                <ul class="criteria small">
                  {item.acceptanceCriteria.map((c, j) => (
                    <li key={j}>{String(c)}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </Panel>
  );
}
