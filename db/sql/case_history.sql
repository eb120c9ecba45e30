-- A case's history is append-only: a step, once written, is never changed or removed.
CREATE OR REPLACE FUNCTION ocop_case_steps_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'citizen_case_steps is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS citizen_case_steps_append_only ON citizen_case_steps;
--> statement-breakpoint
CREATE TRIGGER citizen_case_steps_append_only BEFORE UPDATE OR DELETE ON citizen_case_steps
  FOR EACH ROW EXECUTE FUNCTION ocop_case_steps_append_only();
