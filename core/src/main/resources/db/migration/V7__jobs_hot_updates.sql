-- Make the frequent writes of a running job cheap. PostgreSQL can update a row in place (a HOT
-- update, no index entries written) only when no indexed column changes, and a column used in an
-- index predicate counts as indexed. Before this, every start and heartbeat touched `state` or
-- `lease_expires_at`, both indexed, so each wrote new index entries.
--
-- After this: the queue index keys on `ready_at` (generated: run_at while queued, else NULL) and
-- held leases are found by `lease_owner` (set exactly while leased or running). `state` and
-- `lease_expires_at` appear in no index, so start (leased -> running) and heartbeats are HOT.
-- Who ran a job stays visible in `last_owner`.

ALTER TABLE jobs ADD COLUMN last_owner text;
UPDATE jobs SET last_owner = lease_owner WHERE lease_owner IS NOT NULL;
UPDATE jobs SET lease_owner = NULL WHERE state NOT IN ('leased', 'running');
ALTER TABLE jobs ADD CONSTRAINT jobs_owner_iff_held
  CHECK ((state IN ('leased', 'running')) = (lease_owner IS NOT NULL));

ALTER TABLE jobs ADD COLUMN ready_at timestamptz
  GENERATED ALWAYS AS (CASE WHEN state = 'queued' THEN run_at END) STORED;

DROP INDEX jobs_queued;
CREATE INDEX jobs_ready ON jobs (role, priority DESC, ready_at, id) WHERE ready_at IS NOT NULL;
DROP INDEX jobs_held;
CREATE INDEX jobs_held ON jobs (lease_owner) WHERE lease_owner IS NOT NULL;

-- Room on each page for the in-place versions of a row.
ALTER TABLE jobs SET (fillfactor = 70);
