-- The storefront catalogue reads one narrow table, catalogue_entries (docs/decisions/0006-storefront-catalogue.md):
-- one row per product on show, kept here by triggers on the three tables it comes from, and searched by
-- ocop_catalogue_search(), one call per result page whose statements keep their plans for the session.
INSERT INTO catalogue_state (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
-- Rebuilds the entries of these products from products, listings and organisations (deleted when no longer on show).
CREATE OR REPLACE FUNCTION ocop_refresh_catalogue_entries(p_product_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_product_ids IS NULL OR cardinality(p_product_ids) = 0 THEN
    RETURN;
  END IF;
  DELETE FROM catalogue_entries WHERE product_id = ANY (p_product_ids);
  INSERT INTO catalogue_entries (product_id, organisation_id, document, name_vi, category, ocop_group, ocop_stars,
    is_featured, commune_id, organisation_slug, price_vnd, listed_at)
  SELECT p.id, p.organisation_id,
    p.search_vector || setweight(to_tsvector('simple', ocop_fold(o.name || ' ' || coalesce(o.name_en, ''))), 'B'),
    p.name_vi, p.category, p.ocop_group, p.ocop_stars, p.is_featured, o.commune_id, o.slug, l.price_vnd, l.listed_at
  FROM products p
  JOIN listings l ON l.product_id = p.id
  JOIN organisations o ON o.id = p.organisation_id
  WHERE p.id = ANY (p_product_ids)
    AND l.status = 'listed' AND p.status = 'active' AND p.kind = 'finished'
    AND o.status = 'active' AND o.kind IN ('cooperative', 'cooperative_group', 'enterprise', 'household_business');
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ocop_catalogue_from_listings() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM ocop_refresh_catalogue_entries(ARRAY(SELECT product_id FROM old_rows));
  ELSE
    PERFORM ocop_refresh_catalogue_entries(ARRAY(SELECT product_id FROM new_rows));
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ocop_catalogue_from_products() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM ocop_refresh_catalogue_entries(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ocop_catalogue_from_organisations() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM ocop_refresh_catalogue_entries(ARRAY(
    SELECT p.id FROM products p JOIN new_rows o ON o.id = p.organisation_id));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ocop_catalogue_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE catalogue_state SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER listings_catalogue_insert AFTER INSERT ON listings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_listings();
--> statement-breakpoint
CREATE TRIGGER listings_catalogue_update AFTER UPDATE ON listings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_listings();
--> statement-breakpoint
CREATE TRIGGER listings_catalogue_delete AFTER DELETE ON listings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_listings();
--> statement-breakpoint
-- A new product has no listing yet: only updates can change what the catalogue shows.
CREATE TRIGGER products_catalogue_update AFTER UPDATE ON products REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_products();
--> statement-breakpoint
CREATE TRIGGER organisations_catalogue_update AFTER UPDATE ON organisations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_organisations();
--> statement-breakpoint
CREATE TRIGGER catalogue_entries_version AFTER INSERT OR UPDATE OR DELETE ON catalogue_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_bump_version();
--> statement-breakpoint
SELECT ocop_refresh_catalogue_entries(ARRAY(SELECT product_id FROM listings));
--> statement-breakpoint
-- One page of the catalogue, as json: {"total": n, "items": [...], "version": catalogue_state.version}.
-- p_tsquery is a to_tsquery('simple', ...) string built by app/market/search-text.ts (or NULL: no words).
-- The sellable-batch rule is the one of sellableBatchCondition() in app/market/listings.server.ts.
CREATE OR REPLACE FUNCTION ocop_catalogue_search(
  p_tsquery text, p_category text, p_group text, p_stars integer, p_commune integer, p_coop text,
  p_min_price bigint, p_max_price bigint, p_in_stock boolean, p_sort text, p_limit integer, p_offset integer,
  p_today date
) RETURNS json
-- JIT compiling costs ~100 ms here and saves nothing on a 10,000-row table (the stock test inflates the estimate).
LANGUAGE plpgsql STABLE SET jit = off AS $fn$
DECLARE
  tq tsquery := CASE WHEN p_tsquery IS NULL THEN NULL ELSE to_tsquery('simple', p_tsquery) END;
  searching boolean := p_tsquery IS NOT NULL;
  result json;
BEGIN
  WITH matches AS MATERIALIZED (
    SELECT e.product_id, e.price_vnd, e.listed_at, e.ocop_stars, e.is_featured, e.name_vi,
      CASE WHEN searching THEN ts_rank(e.document, tq) ELSE 0 END AS rank
    FROM catalogue_entries e
    WHERE (NOT searching OR e.document @@ tq)
      AND (p_category IS NULL OR e.category = p_category)
      AND (p_group IS NULL OR e.ocop_group::text = p_group)
      AND (p_stars IS NULL OR e.ocop_stars >= p_stars)
      AND (p_commune IS NULL OR e.commune_id = p_commune)
      AND (p_coop IS NULL OR e.organisation_slug = p_coop)
      AND (p_min_price IS NULL OR e.price_vnd >= p_min_price)
      AND (p_max_price IS NULL OR e.price_vnd <= p_max_price)
      AND (NOT p_in_stock OR EXISTS (
        SELECT 1 FROM batch_stock bs JOIN batches b ON b.id = bs.batch_id
        WHERE bs.product_id = e.product_id AND bs.units_available > 0 AND b.status = 'active'
          AND (coalesce(b.expires_on, b.best_before) IS NULL OR coalesce(b.expires_on, b.best_before) >= p_today)))
  ),
  page AS (
    SELECT m.product_id, m.rank, row_number() OVER () AS ord FROM (
      SELECT m.* FROM matches m
      ORDER BY
        CASE WHEN p_sort = 'price_asc' THEN m.price_vnd END ASC,
        CASE WHEN p_sort = 'price_desc' THEN m.price_vnd END DESC,
        CASE WHEN p_sort = 'newest' THEN m.listed_at END DESC,
        CASE WHEN p_sort = 'relevance' AND searching THEN m.rank END DESC,
        CASE WHEN p_sort = 'relevance' AND NOT searching THEN m.is_featured END DESC,
        CASE WHEN p_sort IN ('relevance', 'stars') THEN coalesce(m.ocop_stars, 0) END DESC,
        CASE WHEN p_sort = 'stars' OR (p_sort = 'relevance' AND searching) THEN m.is_featured END DESC,
        CASE WHEN p_sort = 'relevance' AND NOT searching THEN m.listed_at END DESC,
        CASE WHEN p_sort = 'stars' OR (p_sort = 'relevance' AND searching) THEN m.name_vi END ASC,
        m.product_id
      LIMIT p_limit OFFSET p_offset
    ) m
  )
  SELECT json_build_object(
    'total', (SELECT count(*) FROM matches),
    'items', (SELECT coalesce(json_agg(json_build_object(
        'id', p.id, 'slug', p.slug, 'name_vi', p.name_vi, 'name_en', p.name_en, 'category', p.category,
        'ocop_group', p.ocop_group, 'ocop_stars', p.ocop_stars, 'unit_vi', p.unit_vi, 'unit_en', p.unit_en,
        'is_demo', p.is_demo, 'price_vnd', l.price_vnd, 'org_slug', o.slug, 'org_name', o.name,
        'org_name_en', o.name_en, 'commune_name', c.name_vi,
        'photo_key', (SELECT pp.storage_key FROM product_photos pp WHERE pp.product_id = p.id ORDER BY pp.position LIMIT 1),
        'units', (SELECT coalesce(sum(bs.units_available), 0) FROM batch_stock bs JOIN batches b ON b.id = bs.batch_id
          WHERE bs.product_id = p.id AND b.status = 'active'
            AND (coalesce(b.expires_on, b.best_before) IS NULL OR coalesce(b.expires_on, b.best_before) >= p_today))
      ) ORDER BY pg.ord), '[]'::json)
      FROM page pg
      JOIN products p ON p.id = pg.product_id
      JOIN listings l ON l.product_id = p.id
      JOIN organisations o ON o.id = p.organisation_id
      LEFT JOIN communes c ON c.id = o.commune_id),
    'version', (SELECT s.version FROM catalogue_state s WHERE s.id = 1))
  INTO result;
  RETURN result;
END
$fn$;
