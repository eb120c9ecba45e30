-- Honest OCOP stars: a product's stars count only on the days its certificate is valid (issued on or before the day,
-- expiring on or after it). TypeScript twin: ocopStanding()/starsShownOn() in app/catalog/ocop.ts. Plain
-- IMMUTABLE SQL, so the planner inlines it.
CREATE OR REPLACE FUNCTION ocop_stars_on(p_stars smallint, p_issued_on date, p_expires_on date, p_day date) RETURNS smallint
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN p_day BETWEEN p_issued_on AND p_expires_on THEN p_stars END
$fn$;
--> statement-breakpoint
-- Today's date in the province (Asia/Ho_Chi_Minh), for what the database keeps by day.
CREATE OR REPLACE FUNCTION ocop_today() RETURNS date
LANGUAGE sql STABLE AS $fn$
  SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
$fn$;
--> statement-breakpoint
-- catalogue_entries keeps the stars valid on the day an entry was built (so the "most stars" order can use its index);
-- this rebuilds the entries whose stars are no longer those of today (a certificate expired, or began), and is run
-- by the server at start and every few minutes (app/market/catalogue-stars.server.ts). The search filter does not
-- wait for it: it also compares ocop_stars_until with the day searched.
CREATE OR REPLACE FUNCTION ocop_catalogue_sweep_stars() RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  ids uuid[];
BEGIN
  ids := ARRAY(SELECT e.product_id FROM catalogue_entries e JOIN products p ON p.id = e.product_id
    WHERE e.ocop_stars IS DISTINCT FROM ocop_stars_on(p.ocop_stars, p.ocop_issued_on, p.ocop_expires_on, ocop_today()));
  PERFORM ocop_refresh_catalogue_entries(ids);
  RETURN cardinality(ids);
END
$fn$;
