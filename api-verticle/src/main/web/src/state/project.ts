// The project the page looks at: in the URL (?project=) so that views can be reloaded, and
// remembered for the tab so that switching views keeps it.
import { computed, effect, signal } from '@preact/signals';
import { gql } from '../api/http';
import type { ApiError } from '../api/errors';
import { toApiError } from '../api/errors';
import { apiKey } from '../api/session';
import { location, navigate } from './router';

const STORAGE_KEY = 'agentry.project';

export interface Project {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export const projectId = computed<string | null>(
  () => location.value.query.get('project') ?? null,
);

export const projects = signal<Project[]>([]);
export const projectsError = signal<ApiError | null>(null);

export const currentProject = computed<Project | null>(
  () => projects.value.find((p) => p.id === projectId.value) ?? null,
);

export function selectProject(id: string | null): void {
  if (id) sessionStorage.setItem(STORAGE_KEY, id);
  else sessionStorage.removeItem(STORAGE_KEY);
  navigate(location.value.path, { project: id });
}

const PROJECTS = `query Projects($after: String) {
  projects(first: 100, after: $after) {
    edges { node { id name description createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface ProjectsPage {
  projects: {
    edges: { node: Project }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Reads every project of the tenant (pages of 100). */
export async function loadProjects(): Promise<void> {
  try {
    const all: Project[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ProjectsPage = await gql<ProjectsPage>(PROJECTS, { after });
      all.push(...page.projects.edges.map((e) => e.node));
      if (!page.projects.pageInfo.hasNextPage) break;
      after = page.projects.pageInfo.endCursor;
    }
    projects.value = all;
    projectsError.value = null;
    // No project in the URL: take the one this tab used last, else the newest.
    if (!projectId.value && all.length > 0) {
      const remembered = sessionStorage.getItem(STORAGE_KEY);
      const pick = all.find((p) => p.id === remembered) ?? all[all.length - 1];
      navigate(location.value.path, { project: pick.id }, true);
    }
  } catch (e) {
    projectsError.value = toApiError(e);
  }
}

effect(() => {
  if (apiKey.value) void loadProjects();
  else projects.value = [];
});
