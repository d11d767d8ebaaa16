-- A worker claims for itself and starts at once: queued -> running in one write, the attempt
-- counted, the lease at its full term. The director grants credit instead of claiming on a
-- worker's behalf (docs/adr/0010), so a job costs two row updates (claim-and-start, completion)
-- where a claim, a start and a completion cost three. The plan is pinned as in V11.
CREATE FUNCTION agentry_claim_and_start_jobs(
    p_role text, p_owner text, p_max integer, p_ttl_secs float8)
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
     SET state = 'running', lease_owner = p_owner, last_owner = p_owner,
         lease_epoch = j.lease_epoch + 1, attempts = j.attempts + 1,
         started_at = now(), heartbeat_at = now(),
         lease_expires_at = now() + make_interval(secs => p_ttl_secs)
    FROM picked
   WHERE j.id = picked.id
  RETURNING j.*;
END
$$;
