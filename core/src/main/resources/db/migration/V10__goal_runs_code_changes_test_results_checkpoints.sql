-- The continuous development loop (io.agentry.core.goals). A goal is a root task; its run holds
-- where the loop stands: the phase, the iteration, the job the loop waits for, and the policy
-- (quality gates and limits) it was started with. The director's goal loop advances a run only
-- with `step` as an optimistic guard, so two directors (a failover) can never both advance it.

CREATE TABLE goal_runs (
  task_id         uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  tenant_id       uuid NOT NULL,
  project_id      uuid NOT NULL,
  state           text NOT NULL DEFAULT 'running' CHECK (state IN
                    ('running', 'completed', 'stopped', 'failed', 'cancelled')),
  phase           text NOT NULL CHECK (phase IN
                    ('planning', 'coding', 'testing', 'debugging', 'reviewing', 'done')),
  iteration       integer NOT NULL DEFAULT 0 CHECK (iteration >= 0),
  -- Counts every decision of the loop; also the suffix of the next job's idempotency key.
  step            integer NOT NULL DEFAULT 0 CHECK (step >= 0),
  current_job_id  bigint,
  -- Which plan item the coder works on (index into tasks.plan->'tasks').
  plan_cursor     integer NOT NULL DEFAULT 0 CHECK (plan_cursor >= 0),
  debug_rounds    integer NOT NULL DEFAULT 0 CHECK (debug_rounds >= 0),
  replans         integer NOT NULL DEFAULT 0 CHECK (replans >= 0),
  policy          jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The latest facts the gates look at: test outcome, coverage, lint, review verdict.
  facts           jsonb NOT NULL DEFAULT '{}'::jsonb,
  stop_reason     text,
  deadline        timestamptz,
  started_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  CHECK ((state = 'running') = (finished_at IS NULL))
);

-- What the goal loop scans: running goals, by the job each waits for.
CREATE INDEX goal_runs_running ON goal_runs (current_job_id) WHERE state = 'running';
CREATE INDEX goal_runs_project ON goal_runs (project_id, started_at);

-- One row per file changed by a commit of an agent: what the dashboard's diff viewer shows.
CREATE TABLE code_changes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id    uuid NOT NULL,
  project_id   uuid NOT NULL,
  task_id      uuid NOT NULL,
  job_id       bigint,
  agent_id     uuid,
  role         text NOT NULL,
  path         text NOT NULL CHECK (length(path) BETWEEN 1 AND 1000),
  change_type  text NOT NULL CHECK (change_type IN ('add', 'modify', 'delete', 'rename', 'copy')),
  diff         text NOT NULL,
  commit_id    text NOT NULL,
  reasoning    text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- A job re-run after a crash records its commit once.
  UNIQUE (commit_id, path)
);

CREATE INDEX code_changes_task ON code_changes (task_id, id);
CREATE INDEX code_changes_project ON code_changes (project_id, id);

CREATE TABLE test_results (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id    uuid NOT NULL,
  project_id   uuid NOT NULL,
  task_id      uuid NOT NULL,
  job_id       bigint,
  iteration    integer NOT NULL DEFAULT 0,
  framework    text NOT NULL,
  passed       integer NOT NULL DEFAULT 0 CHECK (passed >= 0),
  failed       integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
  errors       integer NOT NULL DEFAULT 0 CHECK (errors >= 0),
  skipped      integer NOT NULL DEFAULT 0 CHECK (skipped >= 0),
  coverage     numeric(5, 2) CHECK (coverage BETWEEN 0 AND 100),
  success      boolean NOT NULL,
  output       text NOT NULL DEFAULT '',
  details      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (job_id)
);

CREATE INDEX test_results_task ON test_results (task_id, id);
CREATE INDEX test_results_project ON test_results (project_id, id);

-- A checkpoint = a ledger position + a git commit of the goal's workspace.
CREATE TABLE checkpoints (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL,
  project_id   uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  task_id      uuid NOT NULL,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  ledger_seq   bigint NOT NULL CHECK (ledger_seq >= 0),
  commit_id    text NOT NULL,
  created_by   text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (task_id, name)
);

CREATE INDEX checkpoints_project ON checkpoints (project_id, created_at);
