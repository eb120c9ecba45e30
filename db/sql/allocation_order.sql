-- An allocation carries its line's sub-order and order (migration 0040; docs/decisions/0021-trace-computation.md).
-- Writers that know the line's order pass it (the checkout, in the same statement as the lines); any other insert
-- (imports, fixtures) leaves it out and this fills it from the line, which must exist by then. The trigger is dropped
-- and made again, so this file can run again.
CREATE OR REPLACE FUNCTION ocop_allocation_order_fill() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.sub_order_id IS NULL OR NEW.order_id IS NULL THEN
    SELECT ol.sub_order_id, so.order_id INTO NEW.sub_order_id, NEW.order_id
    FROM order_lines ol JOIN sub_orders so ON so.id = ol.sub_order_id
    WHERE ol.id = NEW.order_line_id;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS ocop_allocation_order_fill ON order_line_allocations;
--> statement-breakpoint
CREATE TRIGGER ocop_allocation_order_fill BEFORE INSERT ON order_line_allocations
  FOR EACH ROW EXECUTE FUNCTION ocop_allocation_order_fill();
