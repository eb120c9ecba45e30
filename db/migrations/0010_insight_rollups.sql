CREATE TABLE "insight_chain_lots" (
	"batch_id" uuid PRIMARY KEY NOT NULL,
	"step" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_chain_months" (
	"month" date NOT NULL,
	"batch_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"buyer_province_code" text NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_chain_months_pk" PRIMARY KEY("month","batch_id","buyer_province_code")
);
--> statement-breakpoint
CREATE TABLE "insight_household_cooperatives" (
	"year" smallint NOT NULL,
	"commune_id" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"households" integer NOT NULL,
	"received_vnd" bigint NOT NULL,
	"attributed_vnd" bigint NOT NULL,
	CONSTRAINT "insight_household_cooperatives_pk" PRIMARY KEY("year","commune_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "insight_household_facts" (
	"year" smallint NOT NULL,
	"commune_id" integer NOT NULL,
	"active" boolean NOT NULL,
	"head_sex" text NOT NULL,
	"kinh" boolean NOT NULL,
	"status" text,
	"status_before" text,
	"has_pair" boolean NOT NULL,
	"baseline_2020" boolean NOT NULL,
	"rose_float" boolean,
	"rose_whole" boolean,
	"households" integer NOT NULL,
	"baseline_sum" bigint NOT NULL,
	"now_sum" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_household_sales_years" (
	"year" smallint NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_household_sales_years_pk" PRIMARY KEY("year","organisation_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "insight_household_years" (
	"year" smallint PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_lot_households" (
	"batch_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"share" double precision NOT NULL,
	CONSTRAINT "insight_lot_households_pk" PRIMARY KEY("batch_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "insight_lot_supplies" (
	"batch_id" uuid NOT NULL,
	"supply_id" uuid NOT NULL,
	CONSTRAINT "insight_lot_supplies_pk" PRIMARY KEY("batch_id","supply_id")
);
--> statement-breakpoint
ALTER TABLE "insight_chain_lots" ADD CONSTRAINT "insight_chain_lots_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_chain_months" ADD CONSTRAINT "insight_chain_months_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_chain_months" ADD CONSTRAINT "insight_chain_months_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_chain_months" ADD CONSTRAINT "insight_chain_months_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_household_sales_years" ADD CONSTRAINT "insight_household_sales_years_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_household_sales_years" ADD CONSTRAINT "insight_household_sales_years_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_lot_households" ADD CONSTRAINT "insight_lot_households_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_lot_households" ADD CONSTRAINT "insight_lot_households_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_lot_supplies" ADD CONSTRAINT "insight_lot_supplies_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_chain_months_product_idx" ON "insight_chain_months" USING btree ("product_id","month");--> statement-breakpoint
CREATE INDEX "insight_household_facts_year_commune_idx" ON "insight_household_facts" USING btree ("year","commune_id");--> statement-breakpoint
CREATE INDEX "insight_household_sales_years_household_idx" ON "insight_household_sales_years" USING btree ("household_id","year");