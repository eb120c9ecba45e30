-- The forward lineage trace (forwardTrace in app/trace/lineage-trace.server.ts; docs/decisions/0021-trace-computation.md
-- says why it is shaped so). Two functions the trace calls side by side: PL/pgSQL keeps their plans, and each walks the
-- lots downstream itself (a few milliseconds) so neither waits for the other.

-- The lots in scope and what a person reads of them, as json (its zod schema is beside forwardTrace). p_viewer_org is
-- the cooperative asking, NULL for the department: serials are listed only for the lots it reads in full (the rule of
-- lineage-trace.ts seesDetailsOf), counted for every lot. NULL when the lot does not exist.
--   lots:  every lot in scope by depth, lot code and id: product, organisation, stock, serial count (and serials)
--   edges: [input, output, quantity] of every transformation out of a lot in scope
--   scans: scans of the codes of every lot in scope, by province
CREATE OR REPLACE FUNCTION ocop_forward_trace(p_batch_id uuid, p_viewer_org uuid, p_max_depth int) RETURNS json
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  result json;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM batches WHERE id = p_batch_id) THEN
    RETURN NULL;
  END IF;
  WITH RECURSIVE down(batch_id, depth) AS (
    SELECT p_batch_id, 0
    UNION
    SELECT bi.output_batch_id, d.depth + 1
    FROM down d JOIN batch_inputs bi ON bi.input_batch_id = d.batch_id
    WHERE d.depth < p_max_depth
  ),
  scope AS MATERIALIZED (SELECT batch_id, min(depth) AS depth FROM down GROUP BY batch_id)
  SELECT json_build_object(
    'lots', (
      SELECT json_agg(json_build_object(
               'batchId', s.batch_id, 'depth', s.depth, 'organisationId', b.organisation_id, 'organisationName', o.name,
               'productId', b.product_id, 'productNameVi', p.name_vi, 'productNameEn', p.name_en, 'gtin', p.gtin,
               'lotCode', b.lot_code, 'shortCode', b.short_code, 'quantity', b.quantity, 'uom', b.uom, 'status', b.status,
               'producedOn', b.produced_on::text, 'unitsOnSale', st.units_on_sale, 'unitsAvailable', st.units_available,
               'serialCount', su.n, 'serials', su.serials)
             ORDER BY s.depth, b.lot_code, b.id)
      FROM scope s
      JOIN batches b ON b.id = s.batch_id
      JOIN products p ON p.id = b.product_id
      JOIN organisations o ON o.id = b.organisation_id
      LEFT JOIN batch_stock st ON st.batch_id = s.batch_id
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS n,
               CASE WHEN p_viewer_org IS NULL OR b.organisation_id = p_viewer_org
                    THEN coalesce(json_agg(u.serial ORDER BY u.serial), '[]') END AS serials
        FROM serial_units u WHERE u.batch_id = s.batch_id) su),
    'edges', coalesce((
      SELECT json_agg(json_build_array(bi.input_batch_id, bi.output_batch_id, bi.quantity))
      FROM scope s JOIN batch_inputs bi ON bi.input_batch_id = s.batch_id), '[]'),
    'scans', coalesce((
      SELECT json_agg(json_build_object('provinceCode', x.province_code, 'provinceNameVi', x.name_vi,
               'provinceNameEn', x.name_en, 'scans', x.scans, 'unregistered', x.unregistered) ORDER BY x.scans DESC, x.province_code)
      FROM (
        SELECT sc.province_code, pr.name_vi, pr.name_en, sum(sc.count)::bigint AS scans,
               coalesce(sum(sc.count) FILTER (WHERE sc.unregistered), 0)::bigint AS unregistered
        FROM scope s JOIN scan_counts sc ON sc.batch_id = s.batch_id
        LEFT JOIN provinces pr ON pr.code = sc.province_code
        GROUP BY sc.province_code, pr.name_vi, pr.name_en) x), '[]'))
  INTO result;
  RETURN result;
END
$fn$;
--> statement-breakpoint

-- Every order-line allocation of every lot downstream of p_batch_id (released ones too), by order time, order number,
-- sub-order, line and lot (forwardTrace puts an order's lines back in line order). Rows, not json: ten thousand lines
-- decode faster as narrow rows than PostgreSQL writes them as json. The order's columns (buyer, delivery) are filled
-- on its first line only and the sub-order's on its first line only, NULL on the others: each is decoded once.
-- An allocation carries its sub-order and order (migration 0040), so each order and sub-order is read once, by the
-- primary key, for all its lines; the line's product is its lot's (forwardTrace names it from the lots).
DROP FUNCTION IF EXISTS ocop_forward_trace_lines(uuid, int);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ocop_forward_trace_lines(p_batch_id uuid, p_max_depth int)
RETURNS TABLE (order_line_id uuid, batch_id uuid, quantity int, released boolean, sub_order_id uuid,
               organisation_id uuid, reference text, sub_order_status text, order_id uuid, email text, number text,
               order_status text, created_at timestamptz, contact_name text, phone text, province_code text,
               province_name_vi text, province_name_en text, commune_name text)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH RECURSIVE down(batch_id, depth) AS (
    SELECT p_batch_id, 0
    UNION
    SELECT bi.output_batch_id, d.depth + 1
    FROM down d JOIN batch_inputs bi ON bi.input_batch_id = d.batch_id
    WHERE d.depth < p_max_depth
  ),
  scope AS MATERIALIZED (SELECT DISTINCT down.batch_id FROM down),
  alloc AS MATERIALIZED (
    SELECT a.order_line_id, a.batch_id, a.quantity, a.released_at IS NOT NULL AS released, a.sub_order_id, a.order_id
    FROM scope s JOIN order_line_allocations a ON a.batch_id = s.batch_id
  ),
  subs AS MATERIALIZED (
    SELECT so.id, so.organisation_id, so.reference, so.status::text AS status
    FROM sub_orders so WHERE so.id = ANY (ARRAY(SELECT DISTINCT alloc.sub_order_id FROM alloc))
  ),
  ords AS MATERIALIZED (
    SELECT o.id, o.email, o.number, o.status::text AS status, o.created_at, o.contact_name, o.phone,
           o.delivery_province_code, pr.name_vi, pr.name_en, o.delivery_commune_name
    FROM orders o JOIN provinces pr ON pr.code = o.delivery_province_code
    WHERE o.id = ANY (ARRAY(SELECT DISTINCT alloc.order_id FROM alloc))
  ),
  lines AS (
    SELECT a.order_line_id, a.batch_id, a.quantity, a.released, so.id AS sub_order_id, so.organisation_id,
           so.reference, so.status AS sub_order_status, o.id AS order_id, o.email, o.number, o.status AS order_status,
           o.created_at, o.contact_name, o.phone, o.delivery_province_code, o.name_vi AS province_name_vi,
           o.name_en AS province_name_en, o.delivery_commune_name,
           o.id IS DISTINCT FROM lag(o.id) OVER w AS first_of_order,
           so.id IS DISTINCT FROM lag(so.id) OVER w AS first_of_seller
    FROM alloc a
    JOIN subs so ON so.id = a.sub_order_id
    JOIN ords o ON o.id = a.order_id
    WINDOW w AS (ORDER BY o.created_at, o.number, so.id, a.order_line_id, a.batch_id)
  )
  SELECT l.order_line_id, l.batch_id, l.quantity, l.released,
         CASE WHEN l.first_of_seller THEN l.sub_order_id END, CASE WHEN l.first_of_seller THEN l.organisation_id END,
         CASE WHEN l.first_of_seller THEN l.reference END, CASE WHEN l.first_of_seller THEN l.sub_order_status END,
         CASE WHEN l.first_of_order THEN l.order_id END, CASE WHEN l.first_of_order THEN l.email END,
         CASE WHEN l.first_of_order THEN l.number END, CASE WHEN l.first_of_order THEN l.order_status END,
         CASE WHEN l.first_of_order THEN l.created_at END, CASE WHEN l.first_of_order THEN l.contact_name END,
         CASE WHEN l.first_of_order THEN l.phone END, CASE WHEN l.first_of_order THEN l.delivery_province_code END,
         CASE WHEN l.first_of_order THEN l.province_name_vi END, CASE WHEN l.first_of_order THEN l.province_name_en END,
         CASE WHEN l.first_of_order THEN l.delivery_commune_name END
  FROM lines l
  ORDER BY l.created_at, l.number, l.sub_order_id, l.order_line_id, l.batch_id;
END
$fn$;
