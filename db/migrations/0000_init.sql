CREATE TYPE "public"."commune_kind" AS ENUM('commune', 'ward', 'special_zone');--> statement-breakpoint
CREATE TYPE "public"."province_kind" AS ENUM('city', 'province');--> statement-breakpoint
CREATE TYPE "public"."key_product_level" AS ENUM('province', 'commune');--> statement-breakpoint
CREATE TYPE "public"."ocop_group" AS ENUM('food', 'beverage', 'herbal', 'handicraft', 'ornamental', 'tourism_service');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('cooperative', 'cooperative_group', 'enterprise', 'household_business', 'department', 'platform');--> statement-breakpoint
CREATE TYPE "public"."organisation_status" AS ENUM('pending', 'active', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."product_kind" AS ENUM('finished', 'raw_material');--> statement-breakpoint
CREATE TYPE "public"."product_status" AS ENUM('active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('vi', 'en');--> statement-breakpoint
CREATE TYPE "public"."membership_role" AS ENUM('admin', 'department_officer', 'cooperative_manager', 'cooperative_staff');--> statement-breakpoint
CREATE TYPE "public"."batch_status" AS ENUM('active', 'consumed', 'recalled', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."epcis_action" AS ENUM('ADD', 'OBSERVE', 'DELETE');--> statement-breakpoint
CREATE TYPE "public"."epcis_event_type" AS ENUM('ObjectEvent', 'AggregationEvent', 'TransformationEvent', 'AssociationEvent');--> statement-breakpoint
CREATE TABLE "communes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "communes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text,
	"province_code" text NOT NULL,
	"name_vi" text NOT NULL,
	"kind" "commune_kind" NOT NULL,
	"slug" text NOT NULL,
	CONSTRAINT "communes_code_unique" UNIQUE("code"),
	CONSTRAINT "communes_province_slug_unique" UNIQUE("province_code","slug"),
	CONSTRAINT "communes_code_format" CHECK ("communes"."code" is null or "communes"."code" ~ '^[0-9]{5}$')
);
--> statement-breakpoint
CREATE TABLE "provinces" (
	"code" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "province_kind" NOT NULL,
	"slug" text NOT NULL,
	CONSTRAINT "provinces_slug_unique" UNIQUE("slug"),
	CONSTRAINT "provinces_code_format" CHECK ("provinces"."code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"status" "organisation_status" DEFAULT 'pending' NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"commune_id" integer,
	"address" text,
	"phone" text,
	"email" text,
	"website" text,
	"description_vi" text,
	"description_en" text,
	"founded_year" smallint,
	"member_count" integer,
	"bank_bin" text,
	"bank_account_number" text,
	"bank_account_name" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_slug_unique" UNIQUE("slug"),
	CONSTRAINT "organisations_bank_bin_format" CHECK ("organisations"."bank_bin" is null or "organisations"."bank_bin" ~ '^[0-9]{6}$'),
	CONSTRAINT "organisations_member_count_positive" CHECK ("organisations"."member_count" is null or "organisations"."member_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"kind" "product_kind" DEFAULT 'finished' NOT NULL,
	"status" "product_status" DEFAULT 'active' NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text,
	"description_vi" text,
	"description_en" text,
	"category" text NOT NULL,
	"ocop_group" "ocop_group",
	"ocop_stars" smallint,
	"ocop_score" smallint,
	"ocop_certificate_number" text,
	"ocop_issued_on" date,
	"ocop_expires_on" date,
	"key_product_level" "key_product_level",
	"gtin" text,
	"unit_vi" text NOT NULL,
	"unit_en" text NOT NULL,
	"net_quantity" numeric(12, 3),
	"net_uom" text,
	"price_vnd" bigint,
	"is_featured" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_slug_unique" UNIQUE("slug"),
	CONSTRAINT "products_gtin_unique" UNIQUE("gtin"),
	CONSTRAINT "products_organisation_slug_unique" UNIQUE("organisation_id","slug"),
	CONSTRAINT "products_ocop_stars_range" CHECK ("products"."ocop_stars" is null or "products"."ocop_stars" between 3 and 5),
	CONSTRAINT "products_ocop_score_range" CHECK ("products"."ocop_score" is null or "products"."ocop_score" between 0 and 100),
	CONSTRAINT "products_ocop_complete" CHECK (("products"."ocop_stars" is null) = ("products"."ocop_group" is null)
        and ("products"."ocop_stars" is null) = ("products"."ocop_certificate_number" is null)
        and ("products"."ocop_stars" is null) = ("products"."ocop_issued_on" is null)
        and ("products"."ocop_stars" is null) = ("products"."ocop_expires_on" is null)),
	CONSTRAINT "products_ocop_dates_order" CHECK ("products"."ocop_expires_on" is null or "products"."ocop_expires_on" > "products"."ocop_issued_on"),
	CONSTRAINT "products_gtin_format" CHECK ("products"."gtin" is null or "products"."gtin" ~ '^[0-9]{14}$'),
	CONSTRAINT "products_price_non_negative" CHECK ("products"."price_vnd" is null or "products"."price_vnd" >= 0),
	CONSTRAINT "products_net_quantity_positive" CHECK ("products"."net_quantity" is null or "products"."net_quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" "membership_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_user_organisation_unique" UNIQUE("user_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"phone" text,
	"password_hash" text,
	"locale" "locale" DEFAULT 'vi' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_email_lower_case" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "batch_inputs" (
	"transformation_event_id" uuid NOT NULL,
	"input_batch_id" uuid NOT NULL,
	"output_batch_id" uuid NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"uom" text NOT NULL,
	CONSTRAINT "batch_inputs_transformation_event_id_input_batch_id_pk" PRIMARY KEY("transformation_event_id","input_batch_id"),
	CONSTRAINT "batch_inputs_quantity_positive" CHECK ("batch_inputs"."quantity" > 0),
	CONSTRAINT "batch_inputs_not_self" CHECK ("batch_inputs"."input_batch_id" <> "batch_inputs"."output_batch_id")
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"lot_code" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"uom" text NOT NULL,
	"produced_on" date NOT NULL,
	"best_before" date,
	"expires_on" date,
	"origin_commune_id" integer,
	"farm_plot" text,
	"status" "batch_status" DEFAULT 'active' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batches_product_lot_unique" UNIQUE("product_id","lot_code"),
	CONSTRAINT "batches_quantity_positive" CHECK ("batches"."quantity" > 0),
	CONSTRAINT "batches_lot_code_format" CHECK ("batches"."lot_code" ~ '^[!%-?A-Z_a-z"]{1,20}$'),
	CONSTRAINT "batches_dates_order" CHECK ("batches"."best_before" is null or "batches"."best_before" >= "batches"."produced_on")
);
--> statement-breakpoint
CREATE TABLE "trace_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"event_type" "epcis_event_type" NOT NULL,
	"action" "epcis_action",
	"biz_step" text NOT NULL,
	"disposition" text,
	"event_time" timestamp with time zone NOT NULL,
	"event_time_zone_offset" text DEFAULT '+07:00' NOT NULL,
	"commune_id" integer,
	"location_name" text,
	"quantity" numeric(14, 3),
	"uom" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"corrects_event_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"prev_hash" text,
	"hash" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "trace_events_batch_sequence_unique" UNIQUE("batch_id","sequence"),
	CONSTRAINT "trace_events_sequence_positive" CHECK ("trace_events"."sequence" >= 1),
	CONSTRAINT "trace_events_offset_format" CHECK ("trace_events"."event_time_zone_offset" ~ '^[+-][0-9]{2}:[0-9]{2}$'),
	CONSTRAINT "trace_events_hash_format" CHECK ("trace_events"."hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "trace_events_chain_start" CHECK (("trace_events"."sequence" = 1) = ("trace_events"."prev_hash" is null))
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "communes" ADD CONSTRAINT "communes_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_inputs" ADD CONSTRAINT "batch_inputs_transformation_event_id_trace_events_id_fk" FOREIGN KEY ("transformation_event_id") REFERENCES "public"."trace_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_inputs" ADD CONSTRAINT "batch_inputs_input_batch_id_batches_id_fk" FOREIGN KEY ("input_batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_inputs" ADD CONSTRAINT "batch_inputs_output_batch_id_batches_id_fk" FOREIGN KEY ("output_batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_origin_commune_id_communes_id_fk" FOREIGN KEY ("origin_commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_corrects_fk" FOREIGN KEY ("corrects_event_id") REFERENCES "public"."trace_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communes_province_idx" ON "communes" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "organisations_commune_idx" ON "organisations" USING btree ("commune_id");--> statement-breakpoint
CREATE INDEX "organisations_kind_status_idx" ON "organisations" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "products_organisation_idx" ON "products" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "products_ocop_idx" ON "products" USING btree ("ocop_group","ocop_stars");--> statement-breakpoint
CREATE INDEX "memberships_organisation_idx" ON "memberships" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "batch_inputs_output_idx" ON "batch_inputs" USING btree ("output_batch_id");--> statement-breakpoint
CREATE INDEX "batch_inputs_input_idx" ON "batch_inputs" USING btree ("input_batch_id");--> statement-breakpoint
CREATE INDEX "batches_organisation_idx" ON "batches" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "batches_product_idx" ON "batches" USING btree ("product_id","produced_on");--> statement-breakpoint
CREATE INDEX "trace_events_batch_time_idx" ON "trace_events" USING btree ("batch_id","event_time");--> statement-breakpoint
CREATE INDEX "trace_events_organisation_idx" ON "trace_events" USING btree ("organisation_id");