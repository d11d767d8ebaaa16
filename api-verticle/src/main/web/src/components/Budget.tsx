// Cost and tokens against a budget: a bar per capped measure (used, then held by calls in flight,
// against the cap), usage totals per model, and the form that sets a project's or a task's budget.
import { useState } from 'preact/hooks';
import { useMutation } from '../api/useQuery';
import { Empty } from './bits';
import { ErrorNotice } from './ErrorNotice';

export interface Budget {
  scope: 'PROJECT' | 'TASK';
  scopeId: string;
  maxTokens: number | null;
  maxCost: number | null;
  usedTokens: number;
  usedCost: number;
  reservedTokens: number;
  reservedCost: number;
  remainingTokens: number | null;
  remainingCost: number | null;
}

export const BUDGET_FIELDS = `scope scopeId maxTokens maxCost usedTokens usedCost reservedTokens reservedCost remainingTokens remainingCost`;

export interface ModelUsage {
  provider: string;
  model: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cost: number;
}

export interface Usage extends Omit<ModelUsage, 'provider' | 'model'> {
  byModel: ModelUsage[];
}

export const USAGE_FIELDS = `calls promptTokens completionTokens totalTokens cost
  byModel { provider model calls promptTokens completionTokens totalTokens cost }`;

/** Ledger events after which usage has likely changed: a model turn ended, a goal moved on. */
export const touchesUsage = (type: string) => type === 'ModelTurn' || type.startsWith('Goal') || type === 'StepFinished';

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
export const tokens = (n: number) => integer.format(n);
export const usd = (n: number) => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;

function Bar({ label, used, reserved, max, format }: { label: string; used: number; reserved: number; max: number | null; format: (n: number) => string }) {
  if (max === null) {
    return (
      <div class="budget-bar" data-measure={label} data-max="none">
        <div class="budget-bar-head">
          <strong>{label}</strong>
          <span>
            {format(used)} used · <span class="muted">no cap</span>
          </span>
        </div>
      </div>
    );
  }
  const share = (n: number) => (max === 0 ? (n > 0 ? 100 : 0) : Math.min(100, (100 * n) / max));
  const usedPct = share(used);
  const heldPct = Math.min(100 - usedPct, share(reserved));
  const level = usedPct + heldPct >= 100 ? 'over' : usedPct + heldPct >= 80 ? 'near' : 'ok';
  return (
    <div class={`budget-bar level-${level}`} data-measure={label} data-used={used} data-max={max}>
      <div class="budget-bar-head">
        <strong>{label}</strong>
        <span>
          {format(used)} of {format(max)}
          {reserved > 0 && <span class="muted"> · {format(reserved)} held by calls in flight</span>}
        </span>
      </div>
      <div class="bar" role="progressbar" aria-label={`${label} used`} aria-valuenow={Math.round(usedPct)} aria-valuemin={0} aria-valuemax={100}>
        <div class="bar-used" style={{ width: `${usedPct}%` }} />
        <div class="bar-held" style={{ width: `${heldPct}%` }} />
      </div>
    </div>
  );
}

export function BudgetBars({ budget }: { budget: Budget | null }) {
  if (!budget) return <p class="muted small">No budget: model calls are not capped here.</p>;
  return (
    <div class="budget-bars">
      <Bar label="tokens" used={budget.usedTokens} reserved={budget.reservedTokens} max={budget.maxTokens} format={tokens} />
      <Bar label="cost" used={budget.usedCost} reserved={budget.reservedCost} max={budget.maxCost} format={usd} />
    </div>
  );
}

const SET_BUDGET = `mutation SetBudget($projectId: ID!, $taskId: ID, $maxTokens: Int, $maxCost: Float) {
  setBudget(projectId: $projectId, taskId: $taskId, maxTokens: $maxTokens, maxCost: $maxCost) { ${BUDGET_FIELDS} }
}`;

/** Sets the caps; an empty field means no cap on that measure. The server checks the numbers. */
export function BudgetForm({ projectId, taskId, budget }: { projectId: string; taskId?: string; budget: Budget | null }) {
  const [maxTokens, setMaxTokens] = useState(budget?.maxTokens?.toString() ?? '');
  const [maxCost, setMaxCost] = useState(budget?.maxCost?.toString() ?? '');
  const set = useMutation<unknown, Record<string, unknown>>(SET_BUDGET, ['budgets']);
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void set.run({
      projectId,
      taskId: taskId ?? null,
      maxTokens: maxTokens.trim() === '' ? null : Number(maxTokens),
      maxCost: maxCost.trim() === '' ? null : Number(maxCost),
    });
  };
  return (
    <form class="budget-form" onSubmit={onSubmit} aria-label={taskId ? 'Task budget' : 'Project budget'}>
      <label>
        <span>Max tokens</span>
        <input type="number" name="maxTokens" step={1} placeholder="no cap" value={maxTokens} onInput={(e) => setMaxTokens(e.currentTarget.value)} />
      </label>
      <label>
        <span>Max cost (USD)</span>
        <input type="number" name="maxCost" step="any" placeholder="no cap" value={maxCost} onInput={(e) => setMaxCost(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={set.pending}>
        {set.pending ? 'Saving…' : 'Set budget'}
      </button>
      <ErrorNotice error={set.error} onDismiss={set.clearError} />
    </form>
  );
}

export function UsageTable({ usage }: { usage: Usage | null }) {
  if (!usage) return null;
  return (
    <>
      <dl class="usage-totals" data-testid="usage-totals" data-calls={usage.calls} data-tokens={usage.totalTokens}>
        <div>
          <dt>calls</dt>
          <dd>{tokens(usage.calls)}</dd>
        </div>
        <div>
          <dt>prompt tokens</dt>
          <dd>{tokens(usage.promptTokens)}</dd>
        </div>
        <div>
          <dt>completion tokens</dt>
          <dd>{tokens(usage.completionTokens)}</dd>
        </div>
        <div>
          <dt>total tokens</dt>
          <dd>{tokens(usage.totalTokens)}</dd>
        </div>
        <div>
          <dt>cost</dt>
          <dd>{usd(usage.cost)}</dd>
        </div>
      </dl>
      {usage.byModel.length === 0 ? (
        <Empty>No model calls yet.</Empty>
      ) : (
        <table class="table usage-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Calls</th>
              <th>Prompt</th>
              <th>Completion</th>
              <th>Total tokens</th>
              <th>Cost</th>
            </tr>
          </thead>
          <tbody>
            {usage.byModel.map((m) => (
              <tr key={`${m.provider}/${m.model}`} data-model={`${m.provider}/${m.model}`}>
                <td>
                  {m.provider}/<strong>{m.model}</strong>
                </td>
                <td>{tokens(m.calls)}</td>
                <td>{tokens(m.promptTokens)}</td>
                <td>{tokens(m.completionTokens)}</td>
                <td>{tokens(m.totalTokens)}</td>
                <td>{usd(m.cost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
