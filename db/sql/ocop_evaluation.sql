-- The OCOP evaluation cycle (issue #17; created in migration 0039). A published criteria sheet never changes: an edit is a
-- new draft version, and an application keeps the version it started with. Only its status may move on
-- (published -> retired). The trigger is dropped and made again, so this file can run again.
CREATE OR REPLACE FUNCTION ocop_criteria_sheets_frozen() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'ocop_criteria_sheets: a published sheet cannot be deleted' USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.criteria IS DISTINCT FROM OLD.criteria OR NEW.version IS DISTINCT FROM OLD.version
      OR NEW.product_set_code IS DISTINCT FROM OLD.product_set_code OR NEW.status = 'draft') THEN
    RAISE EXCEPTION 'ocop_criteria_sheets: a published sheet cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS ocop_criteria_sheets_frozen ON ocop_criteria_sheets;
--> statement-breakpoint
CREATE TRIGGER ocop_criteria_sheets_frozen BEFORE UPDATE OR DELETE ON ocop_criteria_sheets
  FOR EACH ROW EXECUTE FUNCTION ocop_criteria_sheets_frozen();
