-- The storefront's commune filter lists commune names, cached per catalogue version
-- (app/market/catalogue.server.ts). A renamed commune moved nothing, so the old name stayed on offer until some
-- product changed. Renaming a commune (or moving it to another province) now moves the version, like a product does.
CREATE TRIGGER communes_catalogue_version AFTER UPDATE OF name_vi, province_code ON communes
  FOR EACH STATEMENT EXECUTE FUNCTION ocop_catalogue_bump_version();
