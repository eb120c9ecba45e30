-- The place rollups of the next migration are derived in the dashboards' refresh, and the lot rollups
-- gain columns: empty them and forget how far the rollups were brought, so the next refresh rebuilds
-- them all (decision 0012).
DELETE FROM "insight_lot_households";--> statement-breakpoint
DELETE FROM "insight_lot_supplies";--> statement-breakpoint
DELETE FROM "insight_chain_lots";--> statement-breakpoint
DELETE FROM "insight_refreshes";
