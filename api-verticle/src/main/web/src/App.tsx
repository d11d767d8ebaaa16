// The page: sign-in until a key is accepted, then the shell (header with the project picker and
// the live connection's state, navigation, and the current view).
import { useEffect, useState } from 'preact/hooks';
import { toApiError, type ApiError } from './api/errors';
import { gql } from './api/http';
import { apiKey, signOut, viewer, type Viewer } from './api/session';
import { disconnect, linkProblem, linkState } from './api/ws';
import { Empty } from './components/bits';
import { ErrorNotice } from './components/ErrorNotice';
import { Login, VIEWER } from './Login';
import { currentProject, projectId, projects, selectProject } from './state/project';
import { href, location, navigate } from './state/router';
import { HOME, views } from './views/registry';

export function App() {
  const [error, setError] = useState<ApiError | null>(null);
  const key = apiKey.value;

  // A key kept from before a reload: check it again.
  useEffect(() => {
    if (!key || viewer.value) return;
    gql<{ viewer: Viewer }>(VIEWER)
      .then((data) => {
        viewer.value = data.viewer;
      })
      .catch((e) => setError(toApiError(e)));
  }, [key]);

  if (!key) return <Login />;
  if (!viewer.value) {
    return (
      <main class="login">
        {error ? (
          <div class="login-card">
            <ErrorNotice error={error} />
            <button type="button" onClick={() => signOut()}>
              Sign in again
            </button>
          </div>
        ) : (
          <p class="muted">Checking the key…</p>
        )}
      </main>
    );
  }
  return <Shell who={viewer.value} />;
}

function Shell({ who }: { who: Viewer }) {
  const path = location.value.path;
  const view = views.find((v) => v.path === path) ?? (path === '/' ? views.find((v) => v.path === HOME) : undefined);
  const selected = projectId.value;

  useEffect(() => {
    if (path === '/') navigate(HOME, {}, true);
  }, [path]);

  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={href(HOME)} onClick={(e) => go(e, HOME)}>
          Agentry
        </a>
        <label class="project-picker">
          <span class="muted small">Project</span>
          <select
            aria-label="Project"
            value={selected ?? ''}
            onChange={(e) => selectProject(e.currentTarget.value || null)}
          >
            {!currentProject.value && <option value="">{selected ? 'unknown project' : 'none selected'}</option>}
            {[...projects.value].reverse().map((p) => (
              <option value={p.id} key={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <span class={`link-state link-${linkState.value}`} data-testid="link-state" title={linkProblem.value ?? ''}>
          {linkState.value === 'live' ? '● live' : linkState.value === 'idle' ? '○ idle' : `◌ ${linkState.value}…`}
        </span>
        <span class="who small">
          {who.tenant.name} · {who.role.toLowerCase()}
        </span>
        <button
          type="button"
          class="link"
          onClick={() => {
            disconnect();
            signOut();
          }}
        >
          Sign out
        </button>
      </header>
      <nav class="sidenav" aria-label="Views">
        {views.map((v) => (
          <a href={href(v.path)} class={v === view ? 'active' : ''} aria-current={v === view ? 'page' : undefined} onClick={(e) => go(e, v.path)} key={v.path}>
            {v.title}
            {v.badge && selected && <v.badge projectId={selected} />}
          </a>
        ))}
      </nav>
      <main class="content" data-view={view?.path ?? 'none'}>
        {!view ? (
          <Empty>
            No page at <code>{path}</code>.{' '}
            <a href={href(HOME)} onClick={(e) => go(e, HOME)}>
              Go to the task board
            </a>
          </Empty>
        ) : view.needsProject && !selected ? (
          <Empty>
            Select a project above, or{' '}
            <a href={href('/projects')} onClick={(e) => go(e, '/projects')}>
              create one
            </a>
            .
          </Empty>
        ) : (
          <view.component projectId={selected} key={`${view.path}:${selected}`} />
        )}
      </main>
    </div>
  );
}

function go(event: MouseEvent, path: string) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(path);
}
