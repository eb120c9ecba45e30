-- The storefront catalogue reads one narrow table, catalogue_entries (docs/decisions/0006-storefront-catalogue.md):
-- one row per product on show, kept here by triggers on the three tables it comes from, and searched by
-- ocop_catalogue_search(), one call per result page whose statements keep their plans for the session.
INSERT INTO catalogue_state (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
-- The latest sell-by date among a product's active batches with units available ('infinity': one never expires;
-- NULL: none). A batch is sellable on day d when active and its sell-by date (expires_on, else best_before) is
-- NULL or >= d: the rule of sellableBatchCondition() in app/market/listings.server.ts.
-- PL/pgSQL, not SQL: its plan is kept for the session instead of being made again at every call.
CREATE OR REPLACE FUNCTION ocop_in_stock_until(p_product_id uuid) RETURNS date
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT max(coalesce(b.expires_on, b.best_before, 'infinity'::date))
    FROM batch_stock bs JOIN LATERAL (SELECT * FROM batches x WHERE x.id = bs.batch_id OFFSET 0) b ON true
    WHERE bs.product_id = p_product_id AND bs.units_available > 0 AND b.status = 'active');
END
$fn$;
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
    is_featured, commune_id, organisation_slug, price_vnd, listed_at, in_stock_until)
  SELECT p.id, p.organisation_id,
    p.search_vector || setweight(to_tsvector('simple', ocop_fold(o.name || ' ' || coalesce(o.name_en, ''))), 'B'),
    p.name_vi, p.category, p.ocop_group, p.ocop_stars, p.is_featured, o.commune_id, o.slug, l.price_vnd, l.listed_at,
    ocop_in_stock_until(p.id)
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
-- Stock changes with every sale; the entry changes only when a batch runs out, comes back, or changes status or dates.
CREATE OR REPLACE FUNCTION ocop_catalogue_stock_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE catalogue_entries SET in_stock_until = ocop_in_stock_until(product_id) WHERE product_id = NEW.product_id;
  IF NEW.product_id <> OLD.product_id THEN
    UPDATE catalogue_entries SET in_stock_until = ocop_in_stock_until(product_id) WHERE product_id = OLD.product_id;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
-- Stock rows added or removed in bulk (a cooperative putting batches on sale): once per statement.
CREATE OR REPLACE FUNCTION ocop_catalogue_stock_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE catalogue_entries SET in_stock_until = ocop_in_stock_until(product_id)
  WHERE product_id = ANY (ARRAY(SELECT DISTINCT product_id FROM changed_rows));
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
CREATE TRIGGER batch_stock_catalogue_insert AFTER INSERT ON batch_stock REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_stock_rows_changed();
--> statement-breakpoint
CREATE TRIGGER batch_stock_catalogue_delete AFTER DELETE ON batch_stock REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_stock_rows_changed();
--> statement-breakpoint
CREATE TRIGGER batch_stock_catalogue_update AFTER UPDATE ON batch_stock
  FOR EACH ROW WHEN ((OLD.units_available > 0) IS DISTINCT FROM (NEW.units_available > 0) OR OLD.product_id <> NEW.product_id)
  EXECUTE FUNCTION ocop_catalogue_stock_changed();
--> statement-breakpoint
CREATE TRIGGER batches_catalogue_update AFTER UPDATE ON batches
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.expires_on IS DISTINCT FROM NEW.expires_on
    OR OLD.best_before IS DISTINCT FROM NEW.best_before)
  EXECUTE FUNCTION ocop_catalogue_stock_changed();
--> statement-breakpoint
-- Only rows in or out, or the columns the filter choices come from, move the version (not stock).
CREATE TRIGGER catalogue_entries_version AFTER INSERT OR DELETE OR UPDATE OF organisation_id, commune_id, organisation_slug
  ON catalogue_entries FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_bump_version();
--> statement-breakpoint
SELECT ocop_refresh_catalogue_entries(ARRAY(SELECT product_id FROM listings));
--> statement-breakpoint
-- The entries matching a search (NULL tsquery: no words) and filters, with their rank. A set-returning SQL
-- function of one SELECT: PostgreSQL inlines it into each query that reads it, so the conditions are written once.
-- "In stock" reads in_stock_until (see ocop_in_stock_until).
CREATE OR REPLACE FUNCTION ocop_catalogue_matches(
  p_tq tsquery, p_category text, p_group text, p_stars integer, p_commune integer, p_coop text,
  p_min_price bigint, p_max_price bigint, p_in_stock boolean, p_today date
) RETURNS TABLE (product_id uuid, price_vnd bigint, listed_at timestamptz, ocop_stars smallint, is_featured boolean,
  name_vi text, rank real)
LANGUAGE sql STABLE AS $fn$
  SELECT e.product_id, e.price_vnd, e.listed_at, e.ocop_stars, e.is_featured, e.name_vi,
    CASE WHEN p_tq IS NULL THEN 0 ELSE ts_rank(e.document, p_tq) END
  FROM catalogue_entries e
  WHERE (p_tq IS NULL OR e.document @@ p_tq)
    AND (p_category IS NULL OR e.category = p_category)
    AND (p_group IS NULL OR e.ocop_group::text = p_group)
    AND (p_stars IS NULL OR e.ocop_stars >= p_stars)
    AND (p_commune IS NULL OR e.commune_id = p_commune)
    AND (p_coop IS NULL OR e.organisation_slug = p_coop)
    AND (p_min_price IS NULL OR e.price_vnd >= p_min_price)
    AND (p_max_price IS NULL OR e.price_vnd <= p_max_price)
    AND (NOT p_in_stock OR e.in_stock_until >= p_today)
$fn$;
--> statement-breakpoint
-- One page of the catalogue, as json: {"total": n, "items": [...], "version": catalogue_state.version}.
-- Matches are counted up to p_count_cap + 1 only (a count past that says "more than"), and a page is chosen by a
-- top-N sort: neither reads more rows than it must. p_tsquery is a to_tsquery('simple', ...) string built by
-- app/market/search-text.ts, or NULL.
CREATE OR REPLACE FUNCTION ocop_catalogue_search(
  p_tsquery text, p_category text, p_group text, p_stars integer, p_commune integer, p_coop text,
  p_min_price bigint, p_max_price bigint, p_in_stock boolean, p_sort text, p_limit integer, p_offset integer,
  p_count_cap integer, p_today date
) RETURNS json
-- JIT compiling costs ~100 ms on PostgreSQL and saves nothing on a table this size (the stock test inflates estimates).
LANGUAGE plpgsql STABLE SET jit = off AS $fn$
DECLARE
  tq tsquery := CASE WHEN p_tsquery IS NULL THEN NULL ELSE to_tsquery('simple', p_tsquery) END;
  searching boolean := p_tsquery IS NOT NULL;
  total integer;
  result json;
BEGIN
  SELECT count(*) INTO total FROM (
    SELECT 1 FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price,
      p_in_stock, p_today)
    LIMIT p_count_cap + 1) c;
  IF total <= p_offset THEN
    -- Past the last page: only the count is needed.
    RETURN json_build_object('total', total, 'items', '[]'::json, 'version', (SELECT s.version FROM catalogue_state s WHERE s.id = 1));
  END IF;
  WITH page AS MATERIALIZED (
    SELECT m.product_id, row_number() OVER () AS ord FROM (
      SELECT m.product_id FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price,
        p_max_price, p_in_stock, p_today) m
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
    'total', total,
    -- Each card is read by key (LATERAL ... OFFSET 0): planned without row counts, a join here became a hash join
    -- over every product and listing.
    'items', (SELECT coalesce(json_agg(card.j ORDER BY pg.ord), '[]'::json)
      FROM page pg
      CROSS JOIN LATERAL (
        SELECT json_build_object(
          'id', p.id, 'slug', p.slug, 'name_vi', p.name_vi, 'name_en', p.name_en, 'category', p.category,
          'ocop_group', p.ocop_group, 'ocop_stars', p.ocop_stars, 'unit_vi', p.unit_vi, 'unit_en', p.unit_en,
          'is_demo', p.is_demo, 'price_vnd', l.price_vnd, 'org_slug', o.slug, 'org_name', o.name,
          'org_name_en', o.name_en,
          'commune_name', (SELECT c.name_vi FROM communes c WHERE c.id = o.commune_id),
          'photo_key', (SELECT pp.storage_key FROM product_photos pp WHERE pp.product_id = p.id ORDER BY pp.position LIMIT 1),
          'units', (SELECT coalesce(sum(bs.units_available), 0) FROM batch_stock bs
            WHERE bs.product_id = p.id
              AND (SELECT b.status = 'active' AND (coalesce(b.expires_on, b.best_before) IS NULL OR coalesce(b.expires_on, b.best_before) >= p_today)
                   FROM batches b WHERE b.id = bs.batch_id))) AS j
        FROM products p, listings l, organisations o
        WHERE p.id = pg.product_id AND l.product_id = pg.product_id
          AND o.id = (SELECT x.organisation_id FROM catalogue_entries x WHERE x.product_id = pg.product_id)
        OFFSET 0) card),
    'version', (SELECT s.version FROM catalogue_state s WHERE s.id = 1))
  INTO result;
  RETURN result;
END
$fn$;
