-- A claim must walk jobs_ready in its own order and stop after `max` rows, whatever the
-- planner's statistics say. Without statistics (a new table, autovacuum off, or a burst of
-- enqueues since the last ANALYZE) the planner estimated a handful of due rows and chose a
-- bitmap scan of every due job plus a sort: 50 ms per claim of 256 with 100,000 queued, against
-- 2 ms for the ordered index scan. The function pins the plan by ruling out the other paths for
-- this one statement (docs/adr/0010).
CREATE FUNCTION agentry_claim_jobs(p_role text, p_owner text, p_max integer, p_ttl_secs float8)
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
     SET state = 'leased', lease_owner = p_owner, last_owner = p_owner,
         lease_epoch = j.lease_epoch + 1, heartbeat_at = NULL,
         lease_expires_at = now() + make_interval(secs => p_ttl_secs)
    FROM picked
   WHERE j.id = picked.id
  RETURNING j.*;
END
$$;
