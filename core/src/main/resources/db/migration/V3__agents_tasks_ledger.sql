-- Agents, tasks, agent schedules, and the per-project ledger head that hands out sequence numbers.
-- Status values and their transitions live in io.agentry.core.agents.AgentStatus and
-- io.agentry.core.tasks.TaskStatus; the CHECKs below only keep stray values out.

-- Composite keys so that children can prove they belong to the same tenant/project as their
-- parent: a foreign key on (child_id, tenant_id) cannot point across tenants.
ALTER TABLE projects ADD CONSTRAINT projects_id_tenant_key UNIQUE (id, tenant_id);

-- Ledger sequence numbers: one row per project, bumped with INSERT .. ON CONFLICT DO UPDATE inside
-- the appending transaction. The row lock serialises appends per project, and a rolled-back
-- append rolls its bump back too, so sequences stay gap-free.
CREATE TABLE ledger_heads (
  project_id  uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  last_seq    bigint NOT NULL CHECK (last_seq > 0)
);

-- Projects that already have events (written before this migration) continue after them.
INSERT INTO ledger_heads (project_id, last_seq)
SELECT project_id, max(seq) FROM ledger_events GROUP BY project_id;

CREATE TABLE agents (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Optional: an agent bound to a project logs its lifecycle to that project's ledger.
  project_id      uuid,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description     text NOT NULL DEFAULT '',
  roles           text[] NOT NULL CHECK (
                    cardinality(roles) > 0
                    AND roles <@ ARRAY['architect', 'coder', 'tester', 'debugger']::text[]),
  goal            text NOT NULL DEFAULT '',
  status          text NOT NULL DEFAULT 'created' CHECK (status IN
                    ('created', 'running', 'paused', 'stopped', 'crashed', 'disabled_flapping',
                     'deleted')),
  config          jsonb NOT NULL DEFAULT '{}'::jsonb,
  min_complexity  integer NOT NULL DEFAULT 1 CHECK (min_complexity BETWEEN 1 AND 10),
  max_complexity  integer NOT NULL DEFAULT 10 CHECK (max_complexity BETWEEN 1 AND 10),
  owner           text NOT NULL DEFAULT '',
  restart_count   integer NOT NULL DEFAULT 0 CHECK (restart_count >= 0),
  -- Crashes inside the flap-detection window only; older ones are dropped on every crash.
  recent_crashes  timestamptz[] NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz,
  CHECK (min_complexity <= max_complexity),
  CHECK ((status = 'deleted') = (deleted_at IS NOT NULL)),
  UNIQUE (id, tenant_id),
  FOREIGN KEY (project_id, tenant_id) REFERENCES projects (id, tenant_id) ON DELETE CASCADE
);

-- Names are unique among a tenant's live agents; a deleted agent's name can be used again.
CREATE UNIQUE INDEX agents_tenant_name ON agents (tenant_id, name) WHERE deleted_at IS NULL;
-- What assignment scans: running agents of a tenant.
CREATE INDEX agents_running ON agents (tenant_id, created_at) WHERE status = 'running';

CREATE TABLE tasks (
  id                   uuid PRIMARY KEY,
  tenant_id            uuid NOT NULL,
  project_id           uuid NOT NULL,
  parent_task_id       uuid,
  goal                 text NOT NULL CHECK (length(goal) BETWEEN 1 AND 10000),
  description          text NOT NULL DEFAULT '',
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN
                         ('pending', 'planning', 'coding', 'testing', 'debugging', 'reviewing',
                          'completed', 'failed', 'cancelled')),
  stage                text NOT NULL DEFAULT 'design' CHECK (stage IN
                         ('design', 'build', 'test', 'review', 'complete')),
  stage_progress       integer NOT NULL DEFAULT 0 CHECK (stage_progress BETWEEN 0 AND 100),
  current_step         text NOT NULL DEFAULT '',
  plan                 jsonb,
  priority             integer NOT NULL DEFAULT 0,
  complexity           integer NOT NULL CHECK (complexity BETWEEN 1 AND 10),
  assigned_agent_id    uuid,
  acceptance_criteria  jsonb NOT NULL DEFAULT '[]'::jsonb,
  result               jsonb,
  error                text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  completed_at         timestamptz,
  CHECK ((status IN ('completed', 'failed', 'cancelled')) = (completed_at IS NOT NULL)),
  UNIQUE (id, project_id),
  FOREIGN KEY (project_id, tenant_id) REFERENCES projects (id, tenant_id) ON DELETE CASCADE,
  -- A subtask lives in its parent's project.
  FOREIGN KEY (parent_task_id, project_id) REFERENCES tasks (id, project_id) ON DELETE CASCADE,
  -- The assigned agent belongs to the task's tenant; hard-deleting it only clears the assignment.
  FOREIGN KEY (assigned_agent_id, tenant_id) REFERENCES agents (id, tenant_id)
    ON DELETE SET NULL (assigned_agent_id)
);

CREATE INDEX tasks_project_status ON tasks (project_id, status, priority DESC, created_at);
CREATE INDEX tasks_parent ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;
-- An agent's load: its assigned tasks that are not finished.
CREATE INDEX tasks_agent_active ON tasks (assigned_agent_id)
  WHERE assigned_agent_id IS NOT NULL AND status NOT IN ('completed', 'failed', 'cancelled');

-- Recurring jobs of an agent. next_run_at is advanced by the claim that fires it (FOR UPDATE SKIP
-- LOCKED), so each fire is handed to exactly one director.
CREATE TABLE agent_schedules (
  id           uuid PRIMARY KEY,
  agent_id     uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  cron         text NOT NULL CHECK (length(cron) BETWEEN 1 AND 200),
  timezone     text NOT NULL DEFAULT 'UTC',
  job_role     text NOT NULL CHECK (length(job_role) BETWEEN 1 AND 100),
  job_kind     text NOT NULL CHECK (length(job_kind) BETWEEN 1 AND 100),
  job_payload  jsonb NOT NULL DEFAULT '{}'::jsonb,
  enabled      boolean NOT NULL DEFAULT true,
  next_run_at  timestamptz NOT NULL,
  last_run_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX agent_schedules_due ON agent_schedules (next_run_at) WHERE enabled;
CREATE INDEX agent_schedules_agent ON agent_schedules (agent_id);
