CREATE TABLE "insight_awaiting_payment_months" (
	"organisation_id" uuid NOT NULL,
	"month" date NOT NULL,
	"sub_orders" integer NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_awaiting_payment_months_pk" PRIMARY KEY("organisation_id","month")
);
--> statement-breakpoint
-- Sales now count only sub-orders whose money came in (decision 0020): the first refresh after this
-- migration rebuilds every rollup from the source rows.
DELETE FROM "insight_refreshes";
