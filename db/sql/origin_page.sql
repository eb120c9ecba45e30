-- The QR origin page: app/trace/origin.server.ts reads it (its json parsed with zod there).
-- Everything the QR origin page shows about a code, in one call (docs/decisions/0005-origin-page-cache.md).
-- PL/pgSQL keeps each statement's plan for the session, so a cold origin page costs one round trip and no
-- query planning after the first; on PGlite, where planning runs in WebAssembly on the server's own thread,
-- that is most of the cost. With p_with_page false only the stamp (what the page cache compares) is returned.
-- NULL when the code, or the serial of that code, is not registered.
CREATE OR REPLACE FUNCTION ocop_origin_page(p_code text, p_serial text, p_with_page boolean) RETURNS json
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  b_id uuid;
  stamp json;
  page json;
BEGIN
  SELECT b.id,
    json_build_object(
      'batch_id', b.id,
      'organisation_id', b.organisation_id,
      -- Only an approved (active) organisation speaks with the platform's voice: until then its codes resolve
      -- to a page saying the producer is not verified, with no stars, certificate or buy link.
      'verified', o.status = 'active',
      'version', concat_ws('|', b.status, o.status,
        coalesce((SELECT e.sequence || ':' || e.hash FROM trace_events e WHERE e.batch_id = b.id ORDER BY e.sequence DESC LIMIT 1), '-'),
        floor(extract(epoch FROM p.updated_at) * 1000000)::bigint,
        floor(extract(epoch FROM o.updated_at) * 1000000)::bigint),
      'unit_known', p_serial IS NULL OR EXISTS (SELECT 1 FROM serial_units u WHERE u.batch_id = b.id AND u.serial = p_serial),
      'scans', CASE WHEN p_serial IS NULL THEN 0
        ELSE coalesce((SELECT sum(s.count) FROM scan_counts s WHERE s.batch_id = b.id AND s.serial = p_serial), 0)::int END,
      'provinces', CASE WHEN p_serial IS NULL THEN 0
        ELSE (SELECT count(DISTINCT s.province_code) FROM scan_counts s
              WHERE s.batch_id = b.id AND s.serial = p_serial AND s.province_code <> '')::int END)
  INTO b_id, stamp
  FROM batches b
  JOIN products p ON p.id = b.product_id
  JOIN organisations o ON o.id = b.organisation_id
  WHERE b.short_code = p_code
  LIMIT 1;

  IF b_id IS NULL OR NOT (stamp->>'unit_known')::boolean THEN
    RETURN NULL;
  END IF;
  IF NOT p_with_page THEN
    RETURN json_build_object('stamp', stamp);
  END IF;

  SELECT json_build_object(
    'stamp', stamp,
    'batch', json_build_object(
      'lot_code', b.lot_code, 'short_code', b.short_code, 'quantity', b.quantity::text, 'uom', b.uom,
      'produced_on', b.produced_on::text, 'best_before', b.best_before::text, 'expires_on', b.expires_on::text,
      'farm_plot', b.farm_plot, 'status', b.status, 'is_demo', b.is_demo,
      'origin_commune', bc.name_vi, 'origin_province', bp.name_vi),
    'product', json_build_object(
      'id', p.id, 'slug', p.slug, 'name_vi', p.name_vi, 'name_en', p.name_en, 'gtin', p.gtin,
      'unit_vi', p.unit_vi, 'unit_en', p.unit_en,
      'ocop_stars', CASE WHEN o.status = 'active' THEN p.ocop_stars END,
      'ocop_certificate_number', CASE WHEN o.status = 'active' THEN p.ocop_certificate_number END,
      'ocop_issued_on', CASE WHEN o.status = 'active' THEN p.ocop_issued_on::text END,
      'ocop_expires_on', CASE WHEN o.status = 'active' THEN p.ocop_expires_on::text END),
    'organisation', json_build_object(
      'name', o.name, 'name_en', o.name_en, 'address', o.address, 'commune', oc.name_vi, 'province', op.name_vi),
    'photos', (SELECT coalesce(json_agg(ph.storage_key ORDER BY ph.position), '[]'::json)
               FROM product_photos ph WHERE ph.product_id = p.id),
    -- Times as whole milliseconds since the epoch: what a JavaScript Date holds (and what the chain hashed).
    'events', (SELECT coalesce(json_agg(json_build_object(
                 'id', e.id, 'sequence', e.sequence, 'event_type', e.event_type, 'action', e.action,
                 'biz_step', e.biz_step, 'disposition', e.disposition,
                 'event_time_ms', floor(extract(epoch FROM e.event_time) * 1000)::bigint,
                 'event_time_zone_offset', e.event_time_zone_offset, 'commune_id', e.commune_id,
                 'commune_name', c.name_vi, 'location_name', e.location_name, 'quantity', e.quantity::text,
                 'uom', e.uom, 'details', e.details, 'corrects_event_id', e.corrects_event_id,
                 'prev_hash', e.prev_hash, 'hash', e.hash,
                 -- A lab report the cooperative made public is linked from the page.
                 'attachment_public', EXISTS (SELECT 1 FROM trace_attachments ta WHERE ta.event_id = e.id AND ta.public),
                 'recorded_at_ms', floor(extract(epoch FROM e.recorded_at) * 1000)::bigint) ORDER BY e.sequence), '[]'::json)
               FROM trace_events e LEFT JOIN communes c ON c.id = e.commune_id
               WHERE e.batch_id = b.id),
    'lineage', (SELECT coalesce(json_agg(l ORDER BY l.depth, l.lot_code), '[]'::json) FROM (
        WITH RECURSIVE up(input_id, quantity, uom, depth) AS (
          SELECT bi.input_batch_id, bi.quantity, bi.uom, 1 FROM batch_inputs bi WHERE bi.output_batch_id = b.id
          UNION
          SELECT bi.input_batch_id, bi.quantity, bi.uom, up.depth + 1
          FROM batch_inputs bi JOIN up ON bi.output_batch_id = up.input_id
          WHERE up.depth < 12
        )
        SELECT DISTINCT ON (up.input_id) up.depth, lb.lot_code, lp.name_vi, lp.name_en, lb.produced_on::text AS produced_on,
          lc.name_vi AS commune, lpr.name_vi AS province, lo.name AS organisation, up.quantity::text AS quantity, up.uom
        FROM up
        JOIN batches lb ON lb.id = up.input_id
        JOIN products lp ON lp.id = lb.product_id
        JOIN organisations lo ON lo.id = lb.organisation_id
        LEFT JOIN communes lc ON lc.id = lb.origin_commune_id
        LEFT JOIN provinces lpr ON lpr.code = lc.province_code
        ORDER BY up.input_id, up.depth) l))
  INTO page
  FROM batches b
  JOIN products p ON p.id = b.product_id
  JOIN organisations o ON o.id = b.organisation_id
  LEFT JOIN communes bc ON bc.id = b.origin_commune_id
  LEFT JOIN provinces bp ON bp.code = bc.province_code
  LEFT JOIN communes oc ON oc.id = o.commune_id
  LEFT JOIN provinces op ON op.code = oc.province_code
  WHERE b.id = b_id;
  RETURN page;
END
$fn$;
