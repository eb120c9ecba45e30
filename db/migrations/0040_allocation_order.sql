-- An allocation carries its line's sub-order and order (written once, never changed: a line never moves), so the trace
-- reads a lot's buyers from one index range instead of three lookups per line (docs/decisions/0021-trace-computation.md).
ALTER TABLE "order_line_allocations" ADD COLUMN "sub_order_id" uuid;--> statement-breakpoint
ALTER TABLE "order_line_allocations" ADD COLUMN "order_id" uuid;--> statement-breakpoint
UPDATE "order_line_allocations" a SET "sub_order_id" = ol.sub_order_id, "order_id" = so.order_id
  FROM order_lines ol JOIN sub_orders so ON so.id = ol.sub_order_id
  WHERE ol.id = a.order_line_id;--> statement-breakpoint
-- Writers that know the line's order pass it (the checkout, in the same statement as the lines); any other insert
-- (imports, fixtures) leaves it out and this fills it from the line, which must exist by then.
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
$fn$;--> statement-breakpoint
CREATE TRIGGER ocop_allocation_order_fill BEFORE INSERT ON order_line_allocations
  FOR EACH ROW EXECUTE FUNCTION ocop_allocation_order_fill();--> statement-breakpoint
ALTER TABLE "order_line_allocations" ALTER COLUMN "sub_order_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "order_line_allocations" ALTER COLUMN "order_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "order_line_allocations" ADD CONSTRAINT "order_line_allocations_sub_order_id_sub_orders_id_fk" FOREIGN KEY ("sub_order_id") REFERENCES "public"."sub_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line_allocations" ADD CONSTRAINT "order_line_allocations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;
