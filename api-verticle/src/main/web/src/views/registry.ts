// The views of the dashboard. A view is a component that gets the selected project and reads
// what it needs through GraphQL; adding one is a module under views/ and one entry here.
import type { FunctionComponent } from 'preact';
import { AgentsView } from './AgentsView';
import { ApprovalsBadge, ApprovalsView } from './ApprovalsView';
import { BoardView } from './BoardView';
import { ClusterView } from './ClusterView';
import { JobsView } from './JobsView';
import { LedgerView } from './LedgerView';
import { ProjectsView } from './ProjectsView';

export interface ViewProps {
  /** The selected project; never null in a view that `needsProject`. */
  projectId: string | null;
}

export interface ViewDef {
  path: string;
  title: string;
  /** Shown only with a project selected (the page asks for one otherwise). */
  needsProject: boolean;
  component: FunctionComponent<ViewProps>;
  /** Something to show next to the title in the navigation, e.g. a count. */
  badge?: FunctionComponent<{ projectId: string }>;
}

export const views: readonly ViewDef[] = [
  { path: '/board', title: 'Tasks', needsProject: true, component: BoardView },
  { path: '/agents', title: 'Agents', needsProject: false, component: AgentsView },
  { path: '/approvals', title: 'Approvals', needsProject: true, component: ApprovalsView, badge: ApprovalsBadge },
  { path: '/jobs', title: 'Jobs', needsProject: true, component: JobsView },
  { path: '/ledger', title: 'Ledger', needsProject: true, component: LedgerView },
  { path: '/cluster', title: 'Cluster', needsProject: false, component: ClusterView },
  { path: '/projects', title: 'Projects', needsProject: false, component: ProjectsView },
];

export const HOME = '/board';
