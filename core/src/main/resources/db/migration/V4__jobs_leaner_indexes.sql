-- Every claim, start and completion rewrites a job row, and each rewrite inserts into every index
-- whose predicate matches. Held leases are few (at most the cluster's capacity), so the one
-- partial index on held rows serves per-role and per-owner lookups as well.
DROP INDEX jobs_held_by_role;
DROP INDEX jobs_held_by_owner;

-- Most jobs have no idempotency key: index only those that do.
ALTER TABLE jobs DROP CONSTRAINT jobs_idempotency_key_key;
CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (idempotency_key) WHERE idempotency_key IS NOT NULL;
