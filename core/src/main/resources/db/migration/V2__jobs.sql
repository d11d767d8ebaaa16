-- The durable job queue. PostgreSQL decides who owns a job: lease_owner + lease_epoch fence every
-- write after a claim. States and their transitions: io.agentry.core.jobs.JobState.

CREATE TABLE jobs (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  role             text NOT NULL,
  kind             text NOT NULL,
  payload          jsonb NOT NULL DEFAULT '{}'::jsonb,
  state            text NOT NULL DEFAULT 'queued' CHECK (state IN
                     ('queued', 'leased', 'running', 'succeeded', 'failed', 'dead',
                      'awaiting_approval', 'cancelled')),
  priority         integer NOT NULL DEFAULT 0,
  run_at           timestamptz NOT NULL DEFAULT now(),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts     integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 100),
  lease_epoch      bigint NOT NULL DEFAULT 0,
  lease_owner      text,
  lease_expires_at timestamptz,
  heartbeat_at     timestamptz,
  idempotency_key  text UNIQUE,
  project_id       uuid REFERENCES projects (id) ON DELETE CASCADE,
  task_id          uuid,
  result           jsonb,
  last_error       jsonb,
  cancel_requested boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  CHECK ((state IN ('leased', 'running')) = (lease_expires_at IS NOT NULL))
);

-- What a claim scans: due jobs of one role, best first.
CREATE INDEX jobs_queued ON jobs (role, priority DESC, run_at, id) WHERE state = 'queued';
-- What the reaper and per-role limits scan: held leases.
CREATE INDEX jobs_held ON jobs (lease_expires_at) WHERE state IN ('leased', 'running');
CREATE INDEX jobs_held_by_role ON jobs (role) WHERE state IN ('leased', 'running');
CREATE INDEX jobs_held_by_owner ON jobs (lease_owner) WHERE state IN ('leased', 'running');
CREATE INDEX jobs_project ON jobs (project_id, created_at) WHERE project_id IS NOT NULL;

-- Every failed attempt, kept: a dead job carries its whole history.
CREATE TABLE job_errors (
  job_id        bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  attempt       integer NOT NULL,
  type          text NOT NULL,
  message       text NOT NULL,
  stack         text NOT NULL DEFAULT '',
  non_retryable boolean NOT NULL DEFAULT false,
  at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, attempt, at)
);

-- Per-role limits on jobs held at once across the cluster (absent = unlimited).
CREATE TABLE job_role_limits (
  role            text PRIMARY KEY,
  max_concurrent  integer NOT NULL CHECK (max_concurrent >= 0)
);

-- One active director per cluster: a lease row renewed by its holder, taken over on expiry.
CREATE TABLE leader_leases (
  name        text PRIMARY KEY,
  holder      text NOT NULL,
  epoch       bigint NOT NULL,
  expires_at  timestamptz NOT NULL
);
