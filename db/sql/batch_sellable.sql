-- The one statement of the "sellable batch" rule (sellableBatchCondition() in app/market/listings.server.ts calls it
-- too): a batch may be sold on day d while it is active and d is not past its sell-by date, its expiry date else its
-- best-before date; a batch with neither never expires. Plain SQL expressions, so the planner inlines them into the
-- statements that call them: written once, planned as if written out.

-- The last day a batch may be sold: NULL when it is not active, 'infinity' when it has no date.
CREATE OR REPLACE FUNCTION ocop_batch_sell_until(p_status batch_status, p_expires_on date, p_best_before date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN p_status = 'active' THEN coalesce(p_expires_on, p_best_before, 'infinity'::date) END
$fn$;
--> statement-breakpoint
-- Whether a batch may be sold on p_today (a date in Asia/Ho_Chi_Minh).
CREATE OR REPLACE FUNCTION ocop_batch_sellable(p_status batch_status, p_expires_on date, p_best_before date, p_today date) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT coalesce(ocop_batch_sell_until(p_status, p_expires_on, p_best_before) >= p_today, false)
$fn$;
