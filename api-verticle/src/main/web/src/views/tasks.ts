// The Task type, with its goal run, and the fields the board and the task page read.

export const STAGES = ['DESIGN', 'BUILD', 'TEST', 'REVIEW', 'COMPLETE'] as const;
export const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface GoalRun {
  state: string;
  phase: string;
  iteration: number;
  debugRounds: number;
  replans: number;
  currentJob: { id: string; role: string; kind: string; state: string } | null;
  policy: Record<string, unknown>;
  facts: Record<string, unknown>;
  stopReason: string | null;
  startedAt: string;
  deadline: string | null;
  finishedAt: string | null;
}

export interface Task {
  id: string;
  parentTaskId: string | null;
  goal: string;
  status: string;
  stage: (typeof STAGES)[number];
  progress: number;
  currentStep: string;
  priority: number;
  complexity: number;
  assignedAgent: { id: string; name: string } | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  goalRun: GoalRun | null;
}

export const TASK_FIELDS = `id parentTaskId goal status stage progress currentStep priority complexity
  assignedAgent { id name } error createdAt updatedAt completedAt
  goalRun { state phase iteration debugRounds replans currentJob { id role kind state }
    policy facts stopReason startedAt deadline finishedAt }`;
