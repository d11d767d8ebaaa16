-- Claims, as one function with its plan pinned (docs/adr/0010).
--
-- A claim must walk jobs_ready in its own order and stop after `max` rows, whatever the planner's
-- statistics say. Without statistics (a new table, autovacuum off, or a burst of enqueues since
-- the last ANALYZE) the planner estimated a handful of due rows and chose a bitmap scan of every
-- due job plus a sort: 50 ms per claim of 256 with 100,000 queued, against 2 ms for the ordered
-- index scan. The SET clauses rule out the other paths for this function's statements only.
--
-- p_start: a worker claiming for itself starts the jobs in the same write (queued -> running, the
-- attempt counted, the lease at its full term): two row updates a job with the completion, where
-- a claim (queued -> leased), a start and a completion are three. Without it the jobs are leased
-- for p_ttl_secs to be started by their owner (JobStore.claim).
CREATE FUNCTION agentry_claim_jobs(
    p_role text, p_owner text, p_max integer, p_ttl_secs float8, p_start boolean)
  RETURNS SETOF jobs
  LANGUAGE plpgsql
  SET enable_seqscan = off
  SET enable_bitmapscan = off
  SET enable_sort = off
AS $$
BEGIN
  RETURN QUERY
  WITH picked AS (
    SELECT id FROM jobs
     WHERE ready_at IS NOT NULL AND role = p_role AND ready_at <= now()
     ORDER BY priority DESC, ready_at, id
     LIMIT p_max
       FOR UPDATE SKIP LOCKED)
  UPDATE jobs j
     SET state = CASE WHEN p_start THEN 'running' ELSE 'leased' END,
         lease_owner = p_owner, last_owner = p_owner, lease_epoch = j.lease_epoch + 1,
         attempts = j.attempts + CASE WHEN p_start THEN 1 ELSE 0 END,
         started_at = CASE WHEN p_start THEN now() ELSE j.started_at END,
         heartbeat_at = CASE WHEN p_start THEN now() END,
         lease_expires_at = now() + make_interval(secs => p_ttl_secs)
    FROM picked
   WHERE j.id = picked.id
  RETURNING j.*;
END
$$;
