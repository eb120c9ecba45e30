-- Attachments recorded before trace_attachments existed: one row each, private (the cooperative never chose
-- to publish them; a manager can record the report again as public). Rows of events not carrying a storage key are skipped.
INSERT INTO trace_attachments (event_id, organisation_id, storage_key, public, created_at)
SELECT e.id, b.organisation_id, e.details->'attachment'->>'key', false, e.recorded_at
FROM trace_events e JOIN batches b ON b.id = e.batch_id
WHERE jsonb_typeof(e.details->'attachment') = 'object' AND e.details->'attachment'->>'key' IS NOT NULL
ON CONFLICT (event_id) DO NOTHING;
