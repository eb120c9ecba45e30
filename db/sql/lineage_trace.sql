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

-- Every order-line allocation of every lot downstream of p_batch_id (released ones too), and the sub-orders and orders
-- they belong to, as ONE row of two values: `lines` is one text line per allocation, six space-separated fields
-- (order line id, lot id, quantity, released 1/0, sub-order id, order id — uuids, digits and no free text, so nothing
-- needs escaping), and `sub_orders` a json array of each sub-order with its order's columns (buyer, delivery), once
-- each. forwardTrace sorts the lines by order. Why so: decoding 10,240 rows of 19 columns was most of the trace's time
-- on PGlite (its rows are decoded in JavaScript on the server's one thread) and much of it on PostgreSQL; one text
-- value and 2,560 small objects decode in a fraction (decision 0021). An allocation carries its sub-order and order
-- (migration 0040), so each is read once, by the primary key.
DROP FUNCTION IF EXISTS ocop_forward_trace_lines(uuid, int);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ocop_forward_trace_lines(p_batch_id uuid, p_max_depth int)
RETURNS TABLE (lines text, sub_orders json)
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
  )
  SELECT
    (SELECT string_agg(a.order_line_id::text || ' ' || a.batch_id::text || ' ' || a.quantity::text || ' '
                       || CASE WHEN a.released THEN '1' ELSE '0' END || ' ' || a.sub_order_id::text || ' ' || a.order_id::text, E'\n')
     FROM alloc a),
    (SELECT coalesce(json_agg(json_build_object(
              'id', so.id, 'organisationId', so.organisation_id, 'reference', so.reference, 'status', so.status,
              'orderId', o.id, 'email', o.email, 'number', o.number, 'orderStatus', o.status, 'createdAt', o.created_at,
              'contactName', o.contact_name, 'phone', o.phone, 'provinceCode', o.delivery_province_code,
              'provinceNameVi', pr.name_vi, 'provinceNameEn', pr.name_en, 'communeName', o.delivery_commune_name)), '[]')
     FROM sub_orders so
     JOIN orders o ON o.id = so.order_id
     JOIN provinces pr ON pr.code = o.delivery_province_code
     WHERE so.id = ANY (ARRAY(SELECT DISTINCT alloc.sub_order_id FROM alloc)));
END
$fn$;
