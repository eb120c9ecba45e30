-- catalogue_entries, the storefront's narrow table, kept by these trigger functions (decision 0006);
-- the triggers that run them are in catalogue_triggers.sql.
-- The last day on which some batch of the product with units available may be sold ('infinity': one never expires;
-- NULL: none): the latest ocop_batch_sell_until() (batch_sellable.sql), so in stock on day d <=> in_stock_until >= d.
-- PL/pgSQL, not SQL: its plan is kept for the session instead of being made again at every call.
CREATE OR REPLACE FUNCTION ocop_in_stock_until(p_product_id uuid) RETURNS date
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT max(ocop_batch_sell_until(b.status, b.expires_on, b.best_before))
    FROM batch_stock bs JOIN LATERAL (SELECT * FROM batches x WHERE x.id = bs.batch_id OFFSET 0) b ON true
    WHERE bs.product_id = p_product_id AND bs.units_available > 0);
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
    ocop_stars_until, is_featured, commune_id, organisation_slug, price_vnd, listed_at, in_stock_until)
  SELECT p.id, p.organisation_id,
    p.search_vector || setweight(to_tsvector('simple', ocop_fold(o.name || ' ' || coalesce(o.name_en, ''))), 'B'),
    p.name_vi, p.category, p.ocop_group, ocop_stars_on(p.ocop_stars, p.ocop_issued_on, p.ocop_expires_on, ocop_today()),
    p.ocop_expires_on, p.is_featured, o.commune_id, o.slug, l.price_vnd, l.listed_at,
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
-- Which products pass the "in stock" filter changes when a product's in_stock_until does (a batch running out or
-- coming back): that moves the catalogue version too. Deferred to commit, after every row lock the transaction
-- takes, so a checkout emptying batches never waits for catalogue_state while holding an entry another needs.
CREATE OR REPLACE FUNCTION ocop_catalogue_bump_version_row() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE catalogue_state SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$fn$;
