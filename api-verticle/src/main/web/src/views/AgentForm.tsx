// Creating and editing an agent: what it works on (goal, roles, complexity range) and how
// (model preferences, limits, allowed tools). The config is sent as a partial object: keys the
// form does not show (projectContext, the rest of retryPolicy) keep their values on edit.
import { useState } from 'preact/hooks';
import { useMutation } from '../api/useQuery';
import { Panel } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { projects } from '../state/project';

export interface AgentConfig {
  modelPreferences?: { models?: string[]; temperature?: number; topP?: number };
  memoryLimitTokens?: number;
  maxIterations?: number;
  allowedTools?: string[];
  codeGenerationStrategy?: string;
  retryPolicy?: { maxAttempts?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Agent {
  id: string;
  project: { id: string; name: string } | null;
  name: string;
  description: string;
  roles: string[];
  goal: string;
  status: string;
  config: AgentConfig;
  minComplexity: number;
  maxComplexity: number;
  owner: string;
  restartCount: number;
  recentCrashes: string[];
  createdAt: string;
  updatedAt: string;
}

const ROLES = ['ARCHITECT', 'CODER', 'TESTER', 'DEBUGGER'] as const;

const CREATE = `mutation Create($input: CreateAgentInput!) { createAgent(input: $input) { id name status } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { id name status } }`;

interface FormState {
  name: string;
  description: string;
  roles: string[];
  goal: string;
  projectId: string;
  models: string;
  temperature: string;
  topP: string;
  memoryLimitTokens: number;
  maxIterations: number;
  maxAttempts: number;
  allowedTools: string;
  strategy: string;
  minComplexity: number;
  maxComplexity: number;
}

function initial(agent: Agent | null, projectId: string | null): FormState {
  const c = agent?.config ?? {};
  return {
    name: agent?.name ?? '',
    description: agent?.description ?? '',
    roles: agent?.roles ?? ['CODER'],
    goal: agent?.goal ?? '',
    projectId: agent?.project?.id ?? projectId ?? '',
    models: (c.modelPreferences?.models ?? []).join('\n'),
    temperature: c.modelPreferences?.temperature?.toString() ?? '',
    topP: c.modelPreferences?.topP?.toString() ?? '',
    memoryLimitTokens: c.memoryLimitTokens ?? 32_000,
    maxIterations: c.maxIterations ?? 50,
    maxAttempts: c.retryPolicy?.maxAttempts ?? 3,
    allowedTools: (c.allowedTools ?? []).join(', '),
    strategy: c.codeGenerationStrategy ?? 'test-driven',
    minComplexity: agent?.minComplexity ?? 1,
    maxComplexity: agent?.maxComplexity ?? 10,
  };
}

function list(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function config(form: FormState, before: AgentConfig): AgentConfig {
  const modelPreferences: NonNullable<AgentConfig['modelPreferences']> = { models: list(form.models, /[\n,]/) };
  if (form.temperature.trim()) modelPreferences.temperature = Number(form.temperature);
  if (form.topP.trim()) modelPreferences.topP = Number(form.topP);
  return {
    ...before,
    modelPreferences,
    memoryLimitTokens: form.memoryLimitTokens,
    maxIterations: form.maxIterations,
    allowedTools: list(form.allowedTools, /[\s,]+/),
    codeGenerationStrategy: form.strategy,
    retryPolicy: { ...(before.retryPolicy ?? {}), maxAttempts: form.maxAttempts },
  };
}

interface Props {
  agent: Agent | null;
  projectId: string | null;
  onClose: () => void;
  onSaved: () => void;
}

export function AgentForm({ agent, projectId, onClose, onSaved }: Props) {
  const [form, setForm] = useState<FormState>(() => initial(agent, projectId));
  const save = useMutation<unknown, Record<string, unknown>>(agent ? UPDATE : CREATE, ['agents']);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const text = (key: keyof FormState) => (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value as never);
  const number = (key: keyof FormState) => (e: Event) => set(key, Number((e.currentTarget as HTMLInputElement).value) as never);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const common = {
      name: form.name,
      description: form.description,
      roles: ROLES.filter((r) => form.roles.includes(r)),
      goal: form.goal,
      config: config(form, agent?.config ?? {}),
      minComplexity: form.minComplexity,
      maxComplexity: form.maxComplexity,
    };
    const variables = agent
      ? { id: agent.id, input: common }
      : { input: { ...common, projectId: form.projectId || null } };
    if ((await save.run(variables)) !== null) onSaved();
  };

  return (
    <Panel
      title={agent ? `Edit ${agent.name}` : 'New agent'}
      class="agent-form-panel"
      actions={
        <button type="button" class="link" onClick={onClose} aria-label="Close form">
          ×
        </button>
      }
    >
      <form class="agent-form" onSubmit={onSubmit} aria-label="Agent">
        <fieldset>
          <legend>What it works on</legend>
          <label>
            <span>Name</span>
            <input name="name" required maxLength={200} value={form.name} onInput={text('name')} />
          </label>
          <label>
            <span>Description</span>
            <input name="description" value={form.description} onInput={text('description')} />
          </label>
          <label>
            <span>Goal</span>
            <textarea name="goal" rows={3} value={form.goal} onInput={text('goal')} />
          </label>
          <div class="field">
            <span>Roles</span>
            <div class="checks">
              {ROLES.map((role) => (
                <label class="inline" key={role}>
                  <input
                    type="checkbox"
                    name={`role-${role}`}
                    checked={form.roles.includes(role)}
                    onChange={(e) =>
                      set('roles', e.currentTarget.checked ? [...form.roles, role] : form.roles.filter((r) => r !== role))
                    }
                  />
                  {role.toLowerCase()}
                </label>
              ))}
            </div>
          </div>
          {!agent && (
            <label>
              <span>Project</span>
              <select name="project" value={form.projectId} onChange={text('projectId')}>
                <option value="">tenant-wide (no project)</option>
                {projects.value.map((p) => (
                  <option value={p.id} key={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div class="pair">
            <label>
              <span>Min complexity</span>
              <input type="number" name="minComplexity" min={1} max={10} value={form.minComplexity} onInput={number('minComplexity')} />
            </label>
            <label>
              <span>Max complexity</span>
              <input type="number" name="maxComplexity" min={1} max={10} value={form.maxComplexity} onInput={number('maxComplexity')} />
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>How it works</legend>
          <label>
            <span>Models, best first (one per line; empty: the node's routing decides)</span>
            <textarea name="models" rows={2} placeholder="ollama/qwen2.5-coder" value={form.models} onInput={text('models')} />
          </label>
          <div class="pair">
            <label>
              <span>Temperature (0–2)</span>
              <input name="temperature" inputMode="decimal" placeholder="provider default" value={form.temperature} onInput={text('temperature')} />
            </label>
            <label>
              <span>Top-p (0–1]</span>
              <input name="topP" inputMode="decimal" placeholder="provider default" value={form.topP} onInput={text('topP')} />
            </label>
          </div>
          <div class="pair">
            <label>
              <span>Memory limit (tokens)</span>
              <input type="number" name="memoryLimitTokens" value={form.memoryLimitTokens} onInput={number('memoryLimitTokens')} />
            </label>
            <label>
              <span>Max iterations per step</span>
              <input type="number" name="maxIterations" value={form.maxIterations} onInput={number('maxIterations')} />
            </label>
          </div>
          <div class="pair">
            <label>
              <span>Attempts per step</span>
              <input type="number" name="maxAttempts" value={form.maxAttempts} onInput={number('maxAttempts')} />
            </label>
            <label>
              <span>Code generation strategy</span>
              <input name="strategy" list="strategies" value={form.strategy} onInput={text('strategy')} />
              <datalist id="strategies">
                <option value="test-driven" />
                <option value="component-first" />
              </datalist>
            </label>
          </div>
          <label>
            <span>Allowed tools (comma or space separated; none: the agent may call no tool)</span>
            <input name="allowedTools" placeholder="git_status, git_diff, git_commit" value={form.allowedTools} onInput={text('allowedTools')} />
          </label>
        </fieldset>
        <ErrorNotice error={save.error} onDismiss={save.clearError} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={save.pending}>
            {save.pending ? 'Saving…' : agent ? 'Save changes' : 'Create agent'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Panel>
  );
}
