// What a task's goal left behind, as the API serves it: code changes (one per file and commit,
// with the file's diff), test runs and checkpoints; each read in full (every page), and read again
// when the project's ledger records more of it.
import { readPages, type Connection } from '../../api/pages';
import { useLoad } from '../../api/useQuery';

export interface CodeChange {
  id: string;
  path: string;
  changeType: 'ADD' | 'MODIFY' | 'DELETE' | 'RENAME' | 'COPY';
  diff: string;
  commitId: string;
  reasoning: string;
  role: string;
  agent: { id: string; name: string } | null;
  job: { id: string; kind: string } | null;
  createdAt: string;
}

export interface TestResult {
  id: string;
  framework: string;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  coverage: number | null;
  success: boolean;
  output: string;
  details: Record<string, unknown>;
  iteration: number;
  job: { id: string } | null;
  createdAt: string;
}

export interface Checkpoint {
  id: string;
  name: string;
  ledgerSeq: number;
  commitId: string;
  createdBy: string;
  createdAt: string;
}

const connection = (field: string, fields: string) => `query Task_${field}($id: ID!, $after: String) {
  task(id: $id) {
    ${field}(first: 100, after: $after) {
      edges { node { ${fields} } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const CODE_CHANGES = connection(
  'codeChanges',
  'id path changeType diff commitId reasoning role agent { id name } job { id kind } createdAt',
);
const TEST_RESULTS = connection(
  'testResults',
  'id framework passed failed errors skipped coverage success output details iteration job { id } createdAt',
);
const CHECKPOINTS = connection('checkpoints', 'id name ledgerSeq commitId createdBy createdAt');

type TaskField<F extends string, T> = { task: ({ [K in F]: Connection<T> }) | null };

function useTaskRecords<F extends string, T>(field: F, query: string, taskId: string, refreshOn: (type: string) => boolean) {
  return useLoad(
    `${field}:${taskId}`,
    () => readPages<TaskField<F, T>, T>(query, { id: taskId }, (data) => data.task?.[field] ?? null),
    { refreshOn, topics: [field] },
  );
}

/** Code changes come with commits (CodeChanged) and rollbacks (CheckpointRolledBack). */
export const useCodeChanges = (taskId: string) =>
  useTaskRecords<'codeChanges', CodeChange>('codeChanges', CODE_CHANGES, taskId, (t) => t === 'CodeChanged' || t === 'CheckpointRolledBack');

export const useTestResults = (taskId: string) =>
  useTaskRecords<'testResults', TestResult>('testResults', TEST_RESULTS, taskId, (t) => t === 'TestsRun');

export const useCheckpoints = (taskId: string) =>
  useTaskRecords<'checkpoints', Checkpoint>('checkpoints', CHECKPOINTS, taskId, (t) => t.startsWith('Checkpoint'));
