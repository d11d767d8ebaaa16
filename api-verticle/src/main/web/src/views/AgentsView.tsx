// Agents: the tenant's agents with their status (re-read when the ledger records a lifecycle
// change, and every few seconds for agents of other projects), lifecycle buttons, and the
// create/edit form.
import { useState } from 'preact/hooks';
import { useMutation, useQuery } from '../api/useQuery';
import { Badge, Empty, Panel, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { AgentForm, type Agent } from './AgentForm';
import type { ViewProps } from './registry';

export const AGENT_FIELDS = `id project { id name } name description roles goal status config
  minComplexity maxComplexity owner restartCount recentCrashes createdAt updatedAt`;

const AGENTS = `query Agents($projectId: ID) {
  agents(first: 100, projectId: $projectId) { edges { node { ${AGENT_FIELDS} } } }
}`;

type Action = 'start' | 'stop' | 'pause' | 'resume' | 'delete';

/** Which lifecycle actions the server allows from a status (io.agentry.core.agents.AgentAction). */
const ALLOWED: Record<Action, readonly string[]> = {
  start: ['CREATED', 'STOPPED', 'DISABLED_FLAPPING'],
  pause: ['RUNNING'],
  resume: ['PAUSED'],
  stop: ['RUNNING', 'PAUSED', 'CRASHED'],
  delete: ['CREATED', 'RUNNING', 'PAUSED', 'STOPPED', 'CRASHED', 'DISABLED_FLAPPING'],
};

const MUTATIONS: Record<Action, string> = {
  start: `mutation($id: ID!) { startAgent(id: $id) { id status } }`,
  stop: `mutation($id: ID!) { stopAgent(id: $id) { id status } }`,
  pause: `mutation($id: ID!) { pauseAgent(id: $id) { id status } }`,
  resume: `mutation($id: ID!) { resumeAgent(id: $id) { id status } }`,
  delete: `mutation($id: ID!) { deleteAgent(id: $id) { id status } }`,
};

type Editing = { mode: 'create' } | { mode: 'edit'; agent: Agent } | null;

export function AgentsView({ projectId }: ViewProps) {
  const [onlyProject, setOnlyProject] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const agents = useQuery<{ agents: { edges: { node: Agent }[] } }>(
    AGENTS,
    { projectId: onlyProject ? projectId : null },
    { pollMs: 4000, refreshOn: (type) => type.startsWith('Agent'), topics: ['agents'] },
  );
  const list = agents.data?.agents.edges.map((e) => e.node) ?? [];

  return (
    <div class={`agents-layout ${editing ? 'with-form' : ''}`}>
      <Panel
        title="Agents"
        actions={
          <>
            <label class="inline">
              <input type="checkbox" checked={onlyProject} disabled={!projectId} onChange={(e) => setOnlyProject(e.currentTarget.checked)} />
              only this project
            </label>
            <button type="button" class="primary" onClick={() => setEditing({ mode: 'create' })}>
              New agent
            </button>
          </>
        }
      >
        <ErrorNotice error={agents.error} />
        {list.length === 0 && !agents.loading ? (
          <Empty>No agents yet.</Empty>
        ) : (
          <table class="table agents-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Roles</th>
                <th>Goal</th>
                <th>Project</th>
                <th>Complexity</th>
                <th>Restarts</th>
                <th>Updated</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((agent) => (
                <AgentRow agent={agent} key={agent.id} onEdit={() => setEditing({ mode: 'edit', agent })} />
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {editing && (
        <AgentForm
          key={editing.mode === 'edit' ? editing.agent.id : 'new'}
          agent={editing.mode === 'edit' ? editing.agent : null}
          projectId={projectId}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function AgentRow({ agent, onEdit }: { agent: Agent; onEdit: () => void }) {
  const mutation = useMutation<unknown, { id: string }>(MUTATIONS.start, ['agents']);
  const act = async (action: Action) => {
    await mutation.run({ id: agent.id }, MUTATIONS[action]);
  };
  return (
    <>
      <tr data-agent-id={agent.id} data-agent-name={agent.name} data-status={agent.status}>
        <td>
          <strong>{agent.name}</strong>
          {agent.description && <div class="small muted">{agent.description}</div>}
        </td>
        <td>
          <Badge value={agent.status} />
        </td>
        <td class="small">{agent.roles.map((r) => r.toLowerCase()).join(', ')}</td>
        <td class="clip" title={agent.goal}>
          {agent.goal || <span class="muted">—</span>}
        </td>
        <td class="small">{agent.project?.name ?? <span class="muted">tenant-wide</span>}</td>
        <td class="small">
          {agent.minComplexity}–{agent.maxComplexity}
        </td>
        <td class="small">{agent.restartCount}</td>
        <td class="small">
          <Time at={agent.updatedAt} />
        </td>
        <td class="actions">
          {(Object.keys(ALLOWED) as Action[])
            .filter((a) => ALLOWED[a].includes(agent.status))
            .map((a) => (
              <button type="button" class={a === 'delete' ? 'danger' : ''} disabled={mutation.pending} onClick={() => void act(a)} key={a}>
                {a}
              </button>
            ))}
          {agent.status !== 'DELETED' && (
            <button type="button" onClick={onEdit}>
              edit
            </button>
          )}
        </td>
      </tr>
      {mutation.error && (
        <tr>
          <td colSpan={9}>
            <ErrorNotice error={mutation.error} onDismiss={mutation.clearError} />
          </td>
        </tr>
      )}
    </>
  );
}

