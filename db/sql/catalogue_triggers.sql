-- The triggers that keep catalogue_entries and catalogue_state (functions in catalogue_entries.sql).
-- Each is dropped and made again, so this file can run again whenever it changes.
DROP TRIGGER IF EXISTS listings_catalogue_insert ON listings;
--> statement-breakpoint
CREATE TRIGGER listings_catalogue_insert AFTER INSERT ON listings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_listings();
--> statement-breakpoint
DROP TRIGGER IF EXISTS listings_catalogue_update ON listings;
--> statement-breakpoint
CREATE TRIGGER listings_catalogue_update AFTER UPDATE ON listings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_listings();
--> statement-breakpoint
DROP TRIGGER IF EXISTS listings_catalogue_delete ON listings;
--> statement-breakpoint
CREATE TRIGGER listings_catalogue_delete AFTER DELETE ON listings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_listings();
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_catalogue_update ON products;
--> statement-breakpoint
-- A new product has no listing yet: only updates can change what the catalogue shows.
CREATE TRIGGER products_catalogue_update AFTER UPDATE ON products REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_products();
--> statement-breakpoint
DROP TRIGGER IF EXISTS organisations_catalogue_update ON organisations;
--> statement-breakpoint
CREATE TRIGGER organisations_catalogue_update AFTER UPDATE ON organisations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_from_organisations();
--> statement-breakpoint
DROP TRIGGER IF EXISTS batch_stock_catalogue_insert ON batch_stock;
--> statement-breakpoint
CREATE TRIGGER batch_stock_catalogue_insert AFTER INSERT ON batch_stock REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_stock_rows_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS batch_stock_catalogue_delete ON batch_stock;
--> statement-breakpoint
CREATE TRIGGER batch_stock_catalogue_delete AFTER DELETE ON batch_stock REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_stock_rows_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS batch_stock_catalogue_update ON batch_stock;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER batch_stock_catalogue_update AFTER UPDATE ON batch_stock
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN ((OLD.units_available > 0) IS DISTINCT FROM (NEW.units_available > 0) OR OLD.product_id <> NEW.product_id)
  EXECUTE FUNCTION ocop_catalogue_stock_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS batches_catalogue_update ON batches;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER batches_catalogue_update AFTER UPDATE ON batches
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.expires_on IS DISTINCT FROM NEW.expires_on
    OR OLD.best_before IS DISTINCT FROM NEW.best_before)
  EXECUTE FUNCTION ocop_catalogue_stock_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS catalogue_entries_version ON catalogue_entries;
--> statement-breakpoint
-- Only rows in or out, or the columns the filter choices come from, move the version (not stock).
CREATE TRIGGER catalogue_entries_version AFTER INSERT OR DELETE OR UPDATE OF organisation_id, commune_id, organisation_slug
  ON catalogue_entries FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_bump_version();
--> statement-breakpoint
DROP TRIGGER IF EXISTS catalogue_entries_stock_version ON catalogue_entries;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER catalogue_entries_stock_version AFTER UPDATE OF in_stock_until ON catalogue_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.in_stock_until IS DISTINCT FROM NEW.in_stock_until)
  EXECUTE FUNCTION ocop_catalogue_bump_version_row();
--> statement-breakpoint
DROP TRIGGER IF EXISTS communes_catalogue_version ON communes;
--> statement-breakpoint
-- The storefront's commune filter lists commune names, cached per catalogue version
-- (app/market/catalogue.server.ts). A renamed commune moved nothing, so the old name stayed on offer until some
-- product changed. Renaming a commune (or moving it to another province) now moves the version, like a product does.
CREATE TRIGGER communes_catalogue_version AFTER UPDATE OF name_vi, province_code ON communes
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_bump_version();
