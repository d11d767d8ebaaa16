-- The error knowledge graph (per tenant: what one project learns, the tenant's other projects
-- reuse) and shared context with immutable versions (per tenant and project).
-- Counters are bumped with INSERT .. ON CONFLICT .. DO UPDATE, so that concurrent workers reporting
-- the same error or fix neither duplicate rows nor lose counts.

-- One node per error fingerprint (io.agentry.core.knowledge.ErrorFingerprints) of a tenant.
CREATE TABLE error_nodes (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  fingerprint         text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  type                text NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
  normalized_message  text NOT NULL CHECK (length(normalized_message) <= 1000),
  frames              text[] NOT NULL DEFAULT '{}' CHECK (cardinality(frames) <= 3),
  -- The raw text of the first occurrence, capped: what a person reads to recognise the error.
  sample              text NOT NULL CHECK (length(sample) <= 8000),
  occurrences         bigint NOT NULL DEFAULT 1 CHECK (occurrences > 0),
  first_seen          timestamptz NOT NULL DEFAULT now(),
  last_seen           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, fingerprint),
  UNIQUE (id, tenant_id)
);

-- The listing order (newest first) and its keyset cursor.
CREATE INDEX error_nodes_tenant_first_seen ON error_nodes (tenant_id, first_seen DESC, id DESC);

-- Where an error was seen. The composite keys keep error and project in one tenant.
CREATE TABLE error_projects (
  error_id     uuid NOT NULL,
  project_id   uuid NOT NULL,
  tenant_id    uuid NOT NULL,
  occurrences  bigint NOT NULL DEFAULT 1 CHECK (occurrences > 0),
  first_seen   timestamptz NOT NULL DEFAULT now(),
  last_seen    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (error_id, project_id),
  FOREIGN KEY (error_id, tenant_id) REFERENCES error_nodes (id, tenant_id) ON DELETE CASCADE,
  FOREIGN KEY (project_id, tenant_id) REFERENCES projects (id, tenant_id) ON DELETE CASCADE
);

CREATE INDEX error_projects_project ON error_projects (project_id, error_id);

-- A fix tried for an error. The same description and patch (content_hash: SHA-256 over both) for
-- the same error is one row whose counts grow.
CREATE TABLE error_solutions (
  id               uuid PRIMARY KEY,
  tenant_id        uuid NOT NULL,
  error_id         uuid NOT NULL,
  content_hash     text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  description      text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  patch            text NOT NULL CHECK (length(patch) <= 65536),
  author           text NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
  success_count    bigint NOT NULL DEFAULT 0 CHECK (success_count >= 0),
  failure_count    bigint NOT NULL DEFAULT 0 CHECK (failure_count >= 0),
  last_success_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (error_id, content_hash),
  UNIQUE (id, tenant_id),
  FOREIGN KEY (error_id, tenant_id) REFERENCES error_nodes (id, tenant_id) ON DELETE CASCADE
);

-- Patterns (common causes, prevention) and anti-patterns (fixes that keep failing), by name.
CREATE TABLE error_patterns (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('pattern', 'anti_pattern')),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description  text NOT NULL CHECK (length(description) <= 4000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, kind, name),
  UNIQUE (id, tenant_id)
);

-- Edges. Each relation joins one pair of node kinds in one direction, so an edge names its two
-- nodes in their own columns, and foreign keys keep both ends in the edge's tenant:
--   solved_by    error    -> solution  (weight: the solution's estimated success rate)
--   instance_of  solution -> pattern
--   explains     pattern  -> error     (a pattern: a common cause of the error)
--   avoid_for    pattern  -> error     (an anti-pattern: a fix not to try again)
CREATE TABLE error_graph_edges (
  tenant_id    uuid NOT NULL,
  relation     text NOT NULL CHECK (relation IN ('solved_by', 'instance_of', 'explains', 'avoid_for')),
  error_id     uuid,
  solution_id  uuid,
  pattern_id   uuid,
  weight       double precision NOT NULL DEFAULT 1 CHECK (weight >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (CASE relation
           WHEN 'solved_by' THEN error_id IS NOT NULL AND solution_id IS NOT NULL AND pattern_id IS NULL
           WHEN 'instance_of' THEN solution_id IS NOT NULL AND pattern_id IS NOT NULL AND error_id IS NULL
           ELSE pattern_id IS NOT NULL AND error_id IS NOT NULL AND solution_id IS NULL
         END),
  UNIQUE NULLS NOT DISTINCT (relation, error_id, solution_id, pattern_id),
  FOREIGN KEY (error_id, tenant_id) REFERENCES error_nodes (id, tenant_id) ON DELETE CASCADE,
  FOREIGN KEY (solution_id, tenant_id) REFERENCES error_solutions (id, tenant_id) ON DELETE CASCADE,
  FOREIGN KEY (pattern_id, tenant_id) REFERENCES error_patterns (id, tenant_id) ON DELETE CASCADE
);

CREATE INDEX error_graph_edges_error ON error_graph_edges (error_id) WHERE error_id IS NOT NULL;
CREATE INDEX error_graph_edges_solution ON error_graph_edges (solution_id)
  WHERE solution_id IS NOT NULL;
CREATE INDEX error_graph_edges_pattern ON error_graph_edges (pattern_id)
  WHERE pattern_id IS NOT NULL;

-- Shared context: one row per key of a project, holding the current version number. Its row lock
-- serialises the writes of one key; versions are numbered 1, 2, 3 .. without gaps.
CREATE TABLE context_entries (
  project_id       uuid NOT NULL,
  key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  tenant_id        uuid NOT NULL,
  current_version  integer NOT NULL CHECK (current_version >= 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, key),
  FOREIGN KEY (project_id, tenant_id) REFERENCES projects (id, tenant_id) ON DELETE CASCADE
);

CREATE INDEX context_entries_tenant ON context_entries (tenant_id, project_id);

-- Every version ever written. A rollback adds a version that copies an older value
-- (restored_from), so history only grows.
CREATE TABLE context_versions (
  project_id     uuid NOT NULL,
  key            text NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  value          jsonb NOT NULL,
  author         text NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
  restored_from  integer CHECK (restored_from IS NULL OR restored_from BETWEEN 1 AND version - 1),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, key, version),
  FOREIGN KEY (project_id, key) REFERENCES context_entries (project_id, key) ON DELETE CASCADE
);

-- Versions are immutable. (Deletes stay possible, for a project's removal.)
CREATE FUNCTION context_versions_are_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'context_versions are immutable (UPDATE refused)'
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER context_versions_no_update
  BEFORE UPDATE ON context_versions
  FOR EACH ROW EXECUTE FUNCTION context_versions_are_immutable();
