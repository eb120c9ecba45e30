CREATE TYPE "public"."household_head_sex" AS ENUM('female', 'male');--> statement-breakpoint
CREATE TYPE "public"."household_payment_kind" AS ENUM('purchase', 'wage', 'profit_share');--> statement-breakpoint
CREATE TYPE "public"."household_poverty_status" AS ENUM('poor', 'near_poor', 'newly_escaped', 'not_poor');--> statement-breakpoint
CREATE TABLE "order_lookup_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_income_surveys" (
	"household_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"income_per_person_vnd" bigint NOT NULL,
	"member_count" smallint NOT NULL,
	"surveyed_on" date NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_income_surveys_pk" PRIMARY KEY("household_id","year"),
	CONSTRAINT "household_income_surveys_income_non_negative" CHECK ("household_income_surveys"."income_per_person_vnd" >= 0),
	CONSTRAINT "household_income_surveys_member_count_range" CHECK ("household_income_surveys"."member_count" between 1 and 30)
);
--> statement-breakpoint
CREATE TABLE "household_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"kind" "household_payment_kind" NOT NULL,
	"paid_on" date NOT NULL,
	"amount_vnd" bigint NOT NULL,
	"note" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_payments_organisation_reference_unique" UNIQUE("organisation_id","reference"),
	CONSTRAINT "household_payments_amount_positive" CHECK ("household_payments"."amount_vnd" > 0)
);
--> statement-breakpoint
CREATE TABLE "household_statuses" (
	"household_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"status" "household_poverty_status" NOT NULL,
	"standard" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_statuses_pk" PRIMARY KEY("household_id","year"),
	CONSTRAINT "household_statuses_year_range" CHECK ("household_statuses"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "household_supplies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"uom" text NOT NULL,
	"supplied_on" date NOT NULL,
	"price_paid_vnd" bigint DEFAULT 0 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_supplies_organisation_reference_unique" UNIQUE("organisation_id","reference"),
	CONSTRAINT "household_supplies_quantity_positive" CHECK ("household_supplies"."quantity" > 0),
	CONSTRAINT "household_supplies_price_non_negative" CHECK ("household_supplies"."price_paid_vnd" >= 0)
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"code" text NOT NULL,
	"head_name" text NOT NULL,
	"head_sex" "household_head_sex" NOT NULL,
	"member_count" smallint NOT NULL,
	"ethnicity_code" text NOT NULL,
	"commune_id" integer NOT NULL,
	"village" text,
	"joined_on" date NOT NULL,
	"left_on" date,
	"baseline_year" smallint,
	"baseline_income_vnd" bigint,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_organisation_code_unique" UNIQUE("organisation_id","code"),
	CONSTRAINT "households_code_format" CHECK ("households"."code" ~ '^[A-Za-z0-9._-]{1,20}$'),
	CONSTRAINT "households_member_count_range" CHECK ("households"."member_count" between 1 and 30),
	CONSTRAINT "households_ethnicity_code" CHECK ("households"."ethnicity_code" ~ '^(0[1-9]|[1-4][0-9]|5[0-4])$'),
	CONSTRAINT "households_membership_dates" CHECK ("households"."left_on" is null or "households"."left_on" >= "households"."joined_on"),
	CONSTRAINT "households_baseline_complete" CHECK (("households"."baseline_year" is null) = ("households"."baseline_income_vnd" is null) and ("households"."baseline_income_vnd" is null or "households"."baseline_income_vnd" >= 0))
);
--> statement-breakpoint
CREATE TABLE "insight_buyer_months" (
	"month" date NOT NULL,
	"organisation_id" uuid NOT NULL,
	"buyer_key" bigint NOT NULL,
	"sub_orders" integer NOT NULL,
	CONSTRAINT "insight_buyer_months_pk" PRIMARY KEY("month","organisation_id","buyer_key")
);
--> statement-breakpoint
CREATE TABLE "insight_product_sales_months" (
	"month" date NOT NULL,
	"product_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"buyer_province_code" text NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_product_sales_months_pk" PRIMARY KEY("month","product_id","buyer_province_code")
);
--> statement-breakpoint
CREATE TABLE "insight_refreshes" (
	"rollup" text PRIMARY KEY NOT NULL,
	"covered_until" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_sales_months" (
	"month" date NOT NULL,
	"organisation_id" uuid NOT NULL,
	"buyer_province_code" text NOT NULL,
	"sub_orders" integer NOT NULL,
	"units" bigint NOT NULL,
	"value_vnd" bigint NOT NULL,
	CONSTRAINT "insight_sales_months_pk" PRIMARY KEY("month","organisation_id","buyer_province_code")
);
--> statement-breakpoint
CREATE TABLE "insight_scan_months" (
	"month" date NOT NULL,
	"organisation_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"scans" bigint NOT NULL,
	CONSTRAINT "insight_scan_months_pk" PRIMARY KEY("month","organisation_id","province_code"),
	CONSTRAINT "insight_scan_months_scans_positive" CHECK ("insight_scan_months"."scans" > 0)
);
--> statement-breakpoint
ALTER TABLE "household_income_surveys" ADD CONSTRAINT "household_income_surveys_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_income_surveys" ADD CONSTRAINT "household_income_surveys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_income_surveys" ADD CONSTRAINT "household_income_surveys_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payments" ADD CONSTRAINT "household_payments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payments" ADD CONSTRAINT "household_payments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payments" ADD CONSTRAINT "household_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_statuses" ADD CONSTRAINT "household_statuses_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_statuses" ADD CONSTRAINT "household_statuses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_statuses" ADD CONSTRAINT "household_statuses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_supplies" ADD CONSTRAINT "household_supplies_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_supplies" ADD CONSTRAINT "household_supplies_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_supplies" ADD CONSTRAINT "household_supplies_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_supplies" ADD CONSTRAINT "household_supplies_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_buyer_months" ADD CONSTRAINT "insight_buyer_months_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_product_sales_months" ADD CONSTRAINT "insight_product_sales_months_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_product_sales_months" ADD CONSTRAINT "insight_product_sales_months_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_sales_months" ADD CONSTRAINT "insight_sales_months_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_scan_months" ADD CONSTRAINT "insight_scan_months_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_income_surveys_organisation_year_idx" ON "household_income_surveys" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "household_payments_household_idx" ON "household_payments" USING btree ("household_id","paid_on");--> statement-breakpoint
CREATE INDEX "household_statuses_organisation_year_idx" ON "household_statuses" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "household_supplies_batch_idx" ON "household_supplies" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "household_supplies_household_idx" ON "household_supplies" USING btree ("household_id","supplied_on");--> statement-breakpoint
CREATE INDEX "households_commune_idx" ON "households" USING btree ("commune_id");--> statement-breakpoint
CREATE INDEX "insight_product_sales_months_product_idx" ON "insight_product_sales_months" USING btree ("product_id","month");--> statement-breakpoint
CREATE INDEX "insight_sales_months_organisation_idx" ON "insight_sales_months" USING btree ("organisation_id","month");