-- Model usage (one row per logical model call, retries included) and hard budgets per project and
-- per task. The rules live in io.agentry.core.llm.usage.pg.PgUsageStore:
--   reserve: one statement locks the call's budgets, refuses when spent + reserved + the call's
--            maximum would pass a cap, otherwise adds the maximum to `reserved` and inserts the
--            call with status 'reserved';
--   settle:  moves the call's reservation out of `reserved` and its actual usage into `spent`.
-- No foreign keys to projects/tasks/jobs/agents: accounting rows must outlive what they count, and
-- a call may belong to no project at all (ids are then NULL).

CREATE TABLE model_calls (
  id               uuid PRIMARY KEY,
  project_id       uuid,
  task_id          uuid,
  job_id           bigint,
  agent_id         uuid,
  provider         text NOT NULL,
  model            text NOT NULL,
  status           text NOT NULL DEFAULT 'reserved' CHECK (status IN
                     ('reserved', 'ok', 'failed', 'released')),
  -- The reservation taken before the call; kept after settling so over-runs can be audited.
  reserved_tokens  bigint NOT NULL DEFAULT 0 CHECK (reserved_tokens >= 0),
  reserved_cost    numeric(20, 9) NOT NULL DEFAULT 0 CHECK (reserved_cost >= 0),
  input_tokens     bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens    bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  cost             numeric(20, 9) NOT NULL DEFAULT 0 CHECK (cost >= 0),
  -- Usage estimated from characters / 4 because the provider did not report it.
  estimated        boolean NOT NULL DEFAULT false,
  -- Answered from the response cache: nothing was spent.
  cached           boolean NOT NULL DEFAULT false,
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  latency_ms       bigint,
  error_code       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  settled_at       timestamptz,
  CHECK ((status = 'reserved') = (settled_at IS NULL))
);

CREATE INDEX model_calls_project ON model_calls (project_id, created_at) WHERE project_id IS NOT NULL;
CREATE INDEX model_calls_task ON model_calls (task_id, created_at) WHERE task_id IS NOT NULL;
-- What releasing abandoned reservations (a node died mid-call) scans.
CREATE INDEX model_calls_open ON model_calls (created_at) WHERE status = 'reserved';

CREATE TABLE budgets (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope            text NOT NULL CHECK (scope IN ('project', 'task')),
  scope_id         uuid NOT NULL,
  -- NULL cap = no limit on that measure.
  token_cap        bigint CHECK (token_cap >= 0),
  cost_cap         numeric(20, 9) CHECK (cost_cap >= 0),
  reserved_tokens  bigint NOT NULL DEFAULT 0 CHECK (reserved_tokens >= 0),
  reserved_cost    numeric(20, 9) NOT NULL DEFAULT 0 CHECK (reserved_cost >= 0),
  spent_tokens     bigint NOT NULL DEFAULT 0 CHECK (spent_tokens >= 0),
  spent_cost       numeric(20, 9) NOT NULL DEFAULT 0 CHECK (spent_cost >= 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope, scope_id)
);
