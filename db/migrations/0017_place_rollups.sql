CREATE TABLE "insight_chain_lot_months" (
	"product_id" uuid NOT NULL,
	"month" date NOT NULL,
	"batch_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_chain_lot_months_pk" PRIMARY KEY("product_id","month","batch_id")
);
--> statement-breakpoint
CREATE TABLE "insight_chain_member_months" (
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"province_code" text NOT NULL,
	"month" date NOT NULL,
	"commune_id" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"member_commune_id" integer NOT NULL,
	"uom" text NOT NULL,
	"prev_month" date NOT NULL,
	"members" integer NOT NULL,
	"quantity" numeric(20, 3) NOT NULL,
	"paid_vnd" bigint NOT NULL,
	CONSTRAINT "insight_chain_member_months_pk" PRIMARY KEY("kind","level","province_code","commune_id","month","organisation_id","member_commune_id","uom","prev_month"),
	CONSTRAINT "insight_chain_member_months_not_negative" CHECK ("insight_chain_member_months"."members" >= 0)
);
--> statement-breakpoint
CREATE TABLE "insight_chain_members" (
	"kind" text NOT NULL,
	"member_id" uuid NOT NULL,
	"level" text NOT NULL,
	"province_code" text NOT NULL,
	"commune_id" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"member_commune_id" integer NOT NULL,
	"uom" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"paid_vnd" bigint NOT NULL,
	"months" date[] NOT NULL,
	CONSTRAINT "insight_chain_members_pk" PRIMARY KEY("kind","member_id","level","province_code","commune_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "insight_chain_step_months" (
	"province_code" text NOT NULL,
	"month" date NOT NULL,
	"commune_id" integer NOT NULL,
	"key_level" text NOT NULL,
	"step" text NOT NULL,
	"buyer_province_code" text NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_chain_step_months_pk" PRIMARY KEY("province_code","month","commune_id","key_level","step","buyer_province_code")
);
--> statement-breakpoint
CREATE TABLE "insight_key_products" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"key_level" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_lot_communes" (
	"batch_id" uuid NOT NULL,
	"commune_id" integer NOT NULL,
	"share" double precision NOT NULL,
	CONSTRAINT "insight_lot_communes_pk" PRIMARY KEY("batch_id","commune_id")
);
--> statement-breakpoint
CREATE TABLE "insight_place_first_sales" (
	"province_code" text NOT NULL,
	"commune_id" integer NOT NULL,
	"buyer_province_code" text NOT NULL,
	"first_month" date NOT NULL,
	CONSTRAINT "insight_place_first_sales_pk" PRIMARY KEY("province_code","commune_id","buyer_province_code")
);
--> statement-breakpoint
CREATE TABLE "insight_place_organisations" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"commune_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_place_sales_months" (
	"province_code" text NOT NULL,
	"month" date NOT NULL,
	"commune_id" integer NOT NULL,
	"buyer_province_code" text NOT NULL,
	"sub_orders" integer NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_place_sales_months_pk" PRIMARY KEY("province_code","month","commune_id","buyer_province_code")
);
--> statement-breakpoint
CREATE TABLE "insight_place_scan_months" (
	"province_code" text NOT NULL,
	"month" date NOT NULL,
	"commune_id" integer NOT NULL,
	"scan_province_code" text NOT NULL,
	"scans" bigint NOT NULL,
	CONSTRAINT "insight_place_scan_months_pk" PRIMARY KEY("province_code","month","commune_id","scan_province_code")
);
--> statement-breakpoint
CREATE TABLE "insight_product_months" (
	"organisation_id" uuid NOT NULL,
	"month" date NOT NULL,
	"product_id" uuid NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_product_months_pk" PRIMARY KEY("organisation_id","month","product_id")
);
--> statement-breakpoint
CREATE TABLE "insight_product_quarters" (
	"organisation_id" uuid NOT NULL,
	"quarter" date NOT NULL,
	"product_id" uuid NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_product_quarters_pk" PRIMARY KEY("organisation_id","quarter","product_id")
);
--> statement-breakpoint
CREATE TABLE "insight_repeat_buyers" (
	"province_code" text NOT NULL,
	"commune_id" integer NOT NULL,
	"month" date NOT NULL,
	"prev_month" date NOT NULL,
	"next_month" date NOT NULL,
	"buyers" integer NOT NULL,
	CONSTRAINT "insight_repeat_buyers_pk" PRIMARY KEY("province_code","commune_id","month","prev_month","next_month"),
	CONSTRAINT "insight_repeat_buyers_not_negative" CHECK ("insight_repeat_buyers"."buyers" >= 0)
);
--> statement-breakpoint
CREATE TABLE "insight_seller_months" (
	"organisation_id" uuid NOT NULL,
	"month" date NOT NULL,
	"sub_orders" integer NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_seller_months_pk" PRIMARY KEY("organisation_id","month")
);
--> statement-breakpoint
ALTER TABLE "insight_lot_households" ADD COLUMN "commune_id" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_lot_supplies" ADD COLUMN "organisation_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_lot_supplies" ADD COLUMN "household_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_lot_supplies" ADD COLUMN "commune_id" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_lot_supplies" ADD COLUMN "uom" text NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_lot_supplies" ADD COLUMN "quantity" numeric(14, 3) NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_lot_supplies" ADD COLUMN "paid_vnd" bigint NOT NULL;--> statement-breakpoint
CREATE INDEX "insight_chain_lot_months_batch_idx" ON "insight_chain_lot_months" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "insight_chain_step_months_commune_idx" ON "insight_chain_step_months" USING btree ("commune_id","month");--> statement-breakpoint
CREATE INDEX "insight_place_sales_months_commune_idx" ON "insight_place_sales_months" USING btree ("commune_id","month");--> statement-breakpoint
CREATE INDEX "insight_place_scan_months_commune_idx" ON "insight_place_scan_months" USING btree ("commune_id","month");--> statement-breakpoint
CREATE INDEX "insight_buyer_months_buyer_idx" ON "insight_buyer_months" USING btree ("buyer_key");--> statement-breakpoint
CREATE INDEX "insight_lot_households_household_idx" ON "insight_lot_households" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "insight_lot_supplies_household_idx" ON "insight_lot_supplies" USING btree ("household_id");