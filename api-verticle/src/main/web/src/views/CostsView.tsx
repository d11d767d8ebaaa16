// Cost and tokens against budgets: the project's model usage (in total and per model) and its
// budget, the usage of each goal with the goal's own budget, and the forms that set them. Usage
// counts calls that ended, so it is read again when the ledger records a model turn.
import { useQuery } from '../api/useQuery';
import { Badge, Empty, Panel } from '../components/bits';
import { BUDGET_FIELDS, BudgetBars, BudgetForm, touchesUsage, tokens, USAGE_FIELDS, UsageTable, usd, type Budget, type Usage } from '../components/Budget';
import { ErrorNotice } from '../components/ErrorNotice';
import { TaskLink } from '../components/Link';
import type { ViewProps } from './registry';

/** The most goals whose usage one read asks for (one aliased usage field each), newest first. */
const MAX_GOALS = 50;

const COSTS = `query Costs($projectId: ID!) {
  project(id: $projectId) { id name budget { ${BUDGET_FIELDS} } }
  usage(projectId: $projectId) { ${USAGE_FIELDS} }
  goalRuns(projectId: $projectId, first: ${MAX_GOALS}) {
    edges { node { state task { id goal status budget { ${BUDGET_FIELDS} } } } }
  }
}`;

interface GoalRow {
  id: string;
  goal: string;
  status: string;
  budget: Budget | null;
}

interface Costs {
  project: { id: string; name: string; budget: Budget | null } | null;
  usage: Usage;
  goalRuns: { edges: { node: { state: string; task: GoalRow } }[] };
}

export function CostsView({ projectId }: ViewProps) {
  const costs = useQuery<Costs>(COSTS, { projectId }, { refreshOn: touchesUsage, topics: ['budgets'] });
  const goals = costs.data?.goalRuns.edges.map((e) => e.node.task) ?? [];
  const budget = costs.data?.project?.budget ?? null;
  return (
    <div class="costs-layout">
      <ErrorNotice error={costs.error} />
      <Panel title="Model usage of the project">
        <UsageTable usage={costs.data?.usage ?? null} />
      </Panel>
      <Panel title="Project budget">
        <div data-testid="project-budget">
          <BudgetBars budget={budget} />
        </div>
        {costs.data && <BudgetForm projectId={projectId!} budget={budget} key={budget ? `${budget.maxTokens}/${budget.maxCost}` : 'none'} />}
      </Panel>
      <Panel title={`Goals (${goals.length === MAX_GOALS ? `the newest ${MAX_GOALS}` : goals.length})`}>
        {goals.length === 0 ? <Empty>No goals yet.</Empty> : <GoalUsage projectId={projectId!} goals={goals} />}
      </Panel>
    </div>
  );
}

/** Each goal's usage (aliased usage fields in one request) with its budget, newest first. */
function GoalUsage({ projectId, goals }: { projectId: string; goals: GoalRow[] }) {
  const query = `query GoalUsage($projectId: ID!) {
    ${goals.map((g, i) => `g${i}: usage(projectId: $projectId, taskId: "${g.id}") { calls totalTokens cost }`).join('\n')}
  }`;
  const usage = useQuery<Record<string, { calls: number; totalTokens: number; cost: number }>>(query, { projectId }, { refreshOn: touchesUsage, topics: ['budgets'] });
  return (
    <>
      <ErrorNotice error={usage.error} />
      <table class="table goal-costs">
        <thead>
          <tr>
            <th>Goal</th>
            <th>Status</th>
            <th>Calls</th>
            <th>Tokens</th>
            <th>Cost</th>
            <th>Budget</th>
          </tr>
        </thead>
        <tbody>
          {goals.map((goal, i) => {
            const used = usage.data?.[`g${i}`];
            return (
              <tr key={goal.id} data-task-id={goal.id}>
                <td class="clip" title={goal.goal}>
                  <TaskLink id={goal.id}>{goal.goal}</TaskLink>
                </td>
                <td>
                  <Badge value={goal.status} />
                </td>
                <td>{used ? tokens(used.calls) : '…'}</td>
                <td>{used ? tokens(used.totalTokens) : '…'}</td>
                <td>{used ? usd(used.cost) : '…'}</td>
                <td class="goal-budget">
                  <BudgetBars budget={goal.budget} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

