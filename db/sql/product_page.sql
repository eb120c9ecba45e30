-- The public product page: app/catalog/catalog.server.ts and app/market/catalogue.server.ts.
-- The public product page in two calls instead of five round trips, each a PL/pgSQL function whose statements keep
-- their plans for the session (on PGlite, planning is most of a small query's cost). Both return json, NULL when
-- the product is not shown (catalog) or not on sale (market).

-- The catalog's product page (getProductPage in app/catalog/catalog.server.ts): product, producer, latest lots.
CREATE OR REPLACE FUNCTION ocop_product_page(p_slug text, p_batch_limit integer) RETURNS json
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  result json;
BEGIN
  SELECT json_build_object(
    'product', json_build_object(
      'slug', p.slug, 'nameVi', p.name_vi, 'nameEn', p.name_en, 'descriptionVi', p.description_vi,
      'descriptionEn', p.description_en, 'category', p.category, 'ocopGroup', p.ocop_group, 'ocopStars', p.ocop_stars,
      'ocopScore', p.ocop_score, 'ocopCertificateNumber', p.ocop_certificate_number,
      'ocopIssuedOn', p.ocop_issued_on::text, 'ocopExpiresOn', p.ocop_expires_on::text,
      'keyProductLevel', p.key_product_level, 'gtin', p.gtin, 'unitVi', p.unit_vi, 'unitEn', p.unit_en,
      'netQuantity', p.net_quantity::text, 'netUom', p.net_uom, 'priceVnd', p.price_vnd, 'isDemo', p.is_demo),
    'organisation', json_build_object('slug', o.slug, 'name', o.name, 'nameEn', o.name_en, 'communeName', c.name_vi),
    'batches', (SELECT coalesce(json_agg(json_build_object(
        'lotCode', b.lot_code, 'quantity', b.quantity::text, 'uom', b.uom, 'producedOn', b.produced_on::text,
        'bestBefore', b.best_before::text, 'expiresOn', b.expires_on::text, 'status', b.status, 'originCommune', bc.name_vi,
        'eventCount', (SELECT count(*) FROM trace_events e WHERE e.batch_id = b.id),
        'inputCount', (SELECT count(*) FROM batch_inputs bi WHERE bi.output_batch_id = b.id))
        ORDER BY b.produced_on DESC, b.lot_code), '[]'::json)
      FROM (SELECT * FROM batches WHERE product_id = p.id ORDER BY produced_on DESC, lot_code LIMIT p_batch_limit) b
      LEFT JOIN communes bc ON bc.id = b.origin_commune_id),
    'photoKeys', (SELECT coalesce(json_agg(ph.storage_key ORDER BY ph.position), '[]'::json)
      FROM product_photos ph WHERE ph.product_id = p.id))
  INTO result
  FROM products p
  JOIN organisations o ON o.id = p.organisation_id
  LEFT JOIN communes c ON c.id = o.commune_id
  WHERE p.slug = p_slug AND p.kind = 'finished' AND p.status = 'active'
    AND o.status = 'active' AND o.kind IN ('cooperative', 'cooperative_group', 'enterprise', 'household_business');
  RETURN result;
END
$fn$;
--> statement-breakpoint
-- What the storefront offers of a product (getProductOffer in app/market/catalogue.server.ts): price, limit, and the
-- lots with units on sale, first-expiring first. The sellable rule is ocop_batch_sellable() (batch_sellable.sql).
CREATE OR REPLACE FUNCTION ocop_product_offer(p_slug text, p_today date) RETURNS json
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  result json;
BEGIN
  SELECT json_build_object(
    'productId', p.id, 'priceVnd', l.price_vnd, 'maxPerOrder', l.max_per_order,
    'batches', (SELECT coalesce(json_agg(json_build_object(
        'shortCode', b.short_code, 'lotCode', b.lot_code, 'producedOn', b.produced_on::text,
        'sellUntil', coalesce(b.expires_on, b.best_before)::text, 'unitsAvailable', bs.units_available)
        ORDER BY coalesce(b.expires_on, b.best_before) ASC NULLS LAST, b.produced_on, b.lot_code), '[]'::json)
      -- OFFSET 0 keeps the batch a key look-up per stock row, whatever the statistics (PGlite has none).
      FROM batch_stock bs
      JOIN LATERAL (SELECT * FROM batches x WHERE x.id = bs.batch_id OFFSET 0) b ON true
      WHERE bs.product_id = p.id AND bs.units_available > 0
        AND ocop_batch_sellable(b.status, b.expires_on, b.best_before, p_today)))
  INTO result
  FROM products p
  JOIN listings l ON l.product_id = p.id
  JOIN organisations o ON o.id = p.organisation_id
  WHERE p.slug = p_slug AND l.status = 'listed' AND p.status = 'active' AND p.kind = 'finished' AND o.status = 'active';
  RETURN result;
END
$fn$;
