-- The storefront catalogue's reads: app/market/catalogue.server.ts (json parsed with zod there).
-- The entries matching a search (NULL tsquery: no words) and filters, with their rank. A set-returning SQL
-- function of one SELECT: PostgreSQL inlines it into each query that reads it, so the conditions are written once.
-- Stars count only while the certificate is valid on p_today (ocop_stars_until; db/sql/ocop_stars.sql).
-- "In stock" reads in_stock_until (see ocop_in_stock_until): some batch is sellable on p_today.
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
    AND (p_stars IS NULL OR (e.ocop_stars >= p_stars AND e.ocop_stars_until >= p_today))
    AND (p_commune IS NULL OR e.commune_id = p_commune)
    AND (p_coop IS NULL OR e.organisation_slug = p_coop)
    AND (p_min_price IS NULL OR e.price_vnd >= p_min_price)
    AND (p_max_price IS NULL OR e.price_vnd <= p_max_price)
    AND (NOT p_in_stock OR e.in_stock_until >= p_today)
$fn$;
--> statement-breakpoint
-- The storefront's result pages are kept as rendered bytes for anonymous visitors (app/http/page-cache.ts,
-- docs/decisions/0013-storefront-page-cache.md). A cached page is checked against the database with a *stamp*:
-- the catalogue version (which products are on show and in which order) and a digest of the cards of the products
-- it shows (names, price, producer, photo, units on sale). Both come from the functions below, so the page and its
-- check can never disagree about what a card says.

-- The cards of these products, in the order given, as a json array (products no longer on show are left out).
-- Each card is read by key (LATERAL ... OFFSET 0): planned without row counts, a join here became a hash join over
-- every product and listing.
CREATE OR REPLACE FUNCTION ocop_catalogue_cards(p_ids uuid[], p_today date) RETURNS json
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  result json;
BEGIN
  SELECT coalesce(json_agg(card.j ORDER BY ids.ord), '[]'::json) INTO result
  FROM unnest(p_ids) WITH ORDINALITY AS ids(product_id, ord)
  CROSS JOIN LATERAL (
        SELECT json_build_object(
          'id', p.id, 'slug', p.slug, 'name_vi', p.name_vi, 'name_en', p.name_en, 'category', p.category,
          'ocop_group', p.ocop_group,
          'ocop_stars', ocop_stars_on(p.ocop_stars, p.ocop_issued_on, p.ocop_expires_on, p_today), 'unit_vi', p.unit_vi, 'unit_en', p.unit_en,
          'is_demo', p.is_demo, 'price_vnd', l.price_vnd, 'org_slug', o.slug, 'org_name', o.name,
          'org_name_en', o.name_en,
          'commune_name', (SELECT c.name_vi FROM communes c WHERE c.id = o.commune_id),
          'photo_key', (SELECT pp.storage_key FROM product_photos pp WHERE pp.product_id = p.id ORDER BY pp.position LIMIT 1),
          'units', (SELECT coalesce(sum(bs.units_available), 0) FROM batch_stock bs
            WHERE bs.product_id = p.id
              AND (SELECT ocop_batch_sellable(b.status, b.expires_on, b.best_before, p_today) FROM batches b WHERE b.id = bs.batch_id))) AS j
        FROM products p, listings l, organisations o
        WHERE p.id = ids.product_id AND l.product_id = ids.product_id
          AND o.id = (SELECT x.organisation_id FROM catalogue_entries x WHERE x.product_id = ids.product_id)
        OFFSET 0) card;
  RETURN result;
END
$fn$;
--> statement-breakpoint
-- What a cached page of these products is checked against: "version:md5 of their cards".
CREATE OR REPLACE FUNCTION ocop_catalogue_stamp(p_ids uuid[], p_today date) RETURNS text
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT s.version FROM catalogue_state s WHERE s.id = 1) || ':' || md5(ocop_catalogue_cards(p_ids, p_today)::text);
END
$fn$;
--> statement-breakpoint
-- One page of the catalogue, with the cards from ocop_catalogue_cards() and the page's stamp:
-- {"total": n, "items": [...], "version": v, "stamp": "v:md5"}. Matches are counted up to p_count_cap + 1 only (a
-- count past that says "more than"). p_tsquery is a to_tsquery('simple', ...) string built by
-- app/market/search-text.ts, or NULL. A STABLE function's statements share the caller's
-- snapshot, so the stamp describes exactly the page returned.
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
  ids uuid[];
  items json;
  ver bigint;
BEGIN
  SELECT count(*) INTO total FROM (
    SELECT 1 FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price,
      p_in_stock, p_today)
    LIMIT p_count_cap + 1) c;
  -- One statement per order, each written so that an index of migration 0015 can give the page in order
  -- (a search's relevance needs every match's rank, so it sorts its matches).
  IF total > p_offset THEN
    IF p_sort = 'relevance' AND searching THEN
      ids := ARRAY(SELECT m.product_id FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price, p_in_stock, p_today) m
      ORDER BY m.rank DESC, coalesce(m.ocop_stars, 0) DESC, m.is_featured DESC, m.name_vi, m.product_id LIMIT p_limit OFFSET p_offset);
    ELSIF p_sort = 'relevance' THEN
      ids := ARRAY(SELECT m.product_id FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price, p_in_stock, p_today) m
      ORDER BY m.is_featured DESC, coalesce(m.ocop_stars, 0) DESC, m.listed_at DESC, m.product_id LIMIT p_limit OFFSET p_offset);
    ELSIF p_sort = 'price_asc' THEN
      ids := ARRAY(SELECT m.product_id FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price, p_in_stock, p_today) m
      ORDER BY m.price_vnd, m.product_id LIMIT p_limit OFFSET p_offset);
    ELSIF p_sort = 'price_desc' THEN
      ids := ARRAY(SELECT m.product_id FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price, p_in_stock, p_today) m
      ORDER BY m.price_vnd DESC, m.product_id DESC LIMIT p_limit OFFSET p_offset);
    ELSIF p_sort = 'newest' THEN
      ids := ARRAY(SELECT m.product_id FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price, p_in_stock, p_today) m
      ORDER BY m.listed_at DESC, m.product_id LIMIT p_limit OFFSET p_offset);
    ELSE
      ids := ARRAY(SELECT m.product_id FROM ocop_catalogue_matches(tq, p_category, p_group, p_stars, p_commune, p_coop, p_min_price, p_max_price, p_in_stock, p_today) m
      ORDER BY coalesce(m.ocop_stars, 0) DESC, m.is_featured DESC, m.name_vi, m.product_id LIMIT p_limit OFFSET p_offset);
    END IF;
  END IF;
  -- Past the last page only the count is needed: no cards.
  items := ocop_catalogue_cards(coalesce(ids, '{}'::uuid[]), p_today);
  SELECT s.version INTO ver FROM catalogue_state s WHERE s.id = 1;
  RETURN json_build_object('total', total, 'items', items, 'version', ver, 'stamp', ver || ':' || md5(items::text));
END
$fn$;
