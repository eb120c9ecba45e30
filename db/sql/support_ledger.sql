-- The programme-support ledger is append-only (issue 18): rows are never changed or removed; a correction is a
-- new entry naming the one it replaces. Each trigger is dropped and made again, so this file can run again.
CREATE OR REPLACE FUNCTION ocop_support_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the support ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'P0001', HINT = 'record a correction instead';
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS support_entries_append_only ON support_entries;
--> statement-breakpoint
CREATE TRIGGER support_entries_append_only BEFORE UPDATE OR DELETE ON support_entries
  FOR EACH ROW EXECUTE FUNCTION ocop_support_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS support_entries_no_truncate ON support_entries;
--> statement-breakpoint
CREATE TRIGGER support_entries_no_truncate BEFORE TRUNCATE ON support_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_support_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS support_entry_households_append_only ON support_entry_households;
--> statement-breakpoint
CREATE TRIGGER support_entry_households_append_only BEFORE UPDATE OR DELETE ON support_entry_households
  FOR EACH ROW EXECUTE FUNCTION ocop_support_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS support_entry_households_no_truncate ON support_entry_households;
--> statement-breakpoint
CREATE TRIGGER support_entry_households_no_truncate BEFORE TRUNCATE ON support_entry_households
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_support_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS support_repayments_append_only ON support_repayments;
--> statement-breakpoint
CREATE TRIGGER support_repayments_append_only BEFORE UPDATE OR DELETE ON support_repayments
  FOR EACH ROW EXECUTE FUNCTION ocop_support_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS support_repayments_no_truncate ON support_repayments;
--> statement-breakpoint
CREATE TRIGGER support_repayments_no_truncate BEFORE TRUNCATE ON support_repayments
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_support_append_only();
