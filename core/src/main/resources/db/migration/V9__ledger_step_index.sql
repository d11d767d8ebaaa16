-- Agent steps record their model turns, tool calls and observations in the ledger with the step's
-- key in the payload (payload->>'stepKey', e.g. 'job:42'). A step that resumes after a crash reads
-- back exactly its own events; this index makes that read proportional to the step, not to the
-- project's history. Partial: events outside agent steps are not indexed.
CREATE INDEX ledger_events_step ON ledger_events (project_id, (payload->>'stepKey'), seq)
  WHERE payload->>'stepKey' IS NOT NULL;
