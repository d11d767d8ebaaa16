// Projects: the tenant's projects, pick one to work on, or create one.
import { useState } from 'preact/hooks';
import { useMutation } from '../api/useQuery';
import { Empty, Panel, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import { loadProjects, projectId, projects, projectsError, selectProject, type Project } from '../state/project';
import type { ViewProps } from './registry';

const CREATE = `mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) { id name description createdAt }
}`;

export function ProjectsView(_: ViewProps) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation<{ createProject: Project }, { input: { name: string; description: string } }>(CREATE);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await create.run({ input: { name, description } });
    if (result) {
      setName('');
      setDescription('');
      await loadProjects();
      selectProject(result.createProject.id);
    }
  };

  return (
    <div class="projects-layout">
      <Panel title="New project">
        <form class="project-form" onSubmit={onSubmit} aria-label="New project">
          <label>
            <span>Name</span>
            <input name="name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            <span>Description</span>
            <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary" disabled={create.pending || !name.trim()}>
            Create project
          </button>
        </form>
        <ErrorNotice error={create.error} onDismiss={create.clearError} />
      </Panel>
      <Panel title={`Projects (${projects.value.length})`}>
        <ErrorNotice error={projectsError.value} />
        {projects.value.length === 0 ? (
          <Empty>No projects yet.</Empty>
        ) : (
          <table class="table">
            <tbody>
              {[...projects.value].reverse().map((p) => (
                <tr class={p.id === projectId.value ? 'selected' : ''} data-project-id={p.id} key={p.id}>
                  <td>
                    <strong>{p.name}</strong>
                    {p.description && <div class="small muted">{p.description}</div>}
                  </td>
                  <td class="small">
                    <Time at={p.createdAt} />
                  </td>
                  <td class="actions">
                    {p.id === projectId.value ? (
                      <span class="muted small">selected</span>
                    ) : (
                      <button type="button" onClick={() => selectProject(p.id)}>
                        select
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
