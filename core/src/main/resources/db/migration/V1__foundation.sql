-- Foundation schema: tenants own projects; every project has an append-only ledger.
-- Later migrations add agents, tasks, jobs, the error graph and usage.

CREATE TABLE tenants (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

-- The project ledger: one monotonic sequence per project, written once and never changed.
CREATE TABLE ledger_events (
  project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  seq         bigint NOT NULL CHECK (seq > 0),
  source      text NOT NULL CHECK (source IN ('agent', 'user', 'system')),
  cause_seq   bigint,
  type        text NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, seq),
  CHECK (cause_seq IS NULL OR cause_seq < seq)
);

CREATE FUNCTION ledger_events_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_events is append-only (% refused)', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER ledger_events_no_update
  BEFORE UPDATE OR DELETE ON ledger_events
  FOR EACH ROW EXECUTE FUNCTION ledger_events_are_append_only();
