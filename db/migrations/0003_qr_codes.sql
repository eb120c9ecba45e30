-- Short codes of the app's own (/t/{code}): 13 Crockford base32 characters from 65 random bits of a v4 UUID
-- (the same alphabet as app/trace/gs1/serials.server.ts). Existing batches get one when the column is added.
CREATE OR REPLACE FUNCTION ocop_short_code() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substring(b FROM i * 5 + 1 FOR 5)::int + 1, 1), '' ORDER BY i)
  FROM (SELECT ('x' || substr(h, 1, 12) || substr(h, 14, 3) || substr(h, 18, 3))::bit(72) AS b
        FROM (SELECT replace(gen_random_uuid()::text, '-', '') AS h) AS u) AS r,
       generate_series(0, 12) AS i
$$;--> statement-breakpoint
CREATE TYPE "public"."device_class" AS ENUM('mobile', 'tablet', 'desktop', 'other');--> statement-breakpoint
CREATE TABLE "scan_counts" (
	"organisation_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"serial" text DEFAULT '' NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"province_code" text DEFAULT '' NOT NULL,
	"device" "device_class" NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "scan_counts_pk" PRIMARY KEY("batch_id","serial","minute","province_code","device"),
	CONSTRAINT "scan_counts_count_positive" CHECK ("scan_counts"."count" > 0),
	CONSTRAINT "scan_counts_province_known" CHECK ("scan_counts"."province_code" = '' or "scan_counts"."province_code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "serial_units" (
	"organisation_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "serial_units_batch_serial_pk" PRIMARY KEY("batch_id","serial"),
	CONSTRAINT "serial_units_serial_format" CHECK ("serial_units"."serial" ~ '^[0-9A-HJKMNP-TV-Z]{13}$')
);
--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "short_code" text DEFAULT ocop_short_code() NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_counts" ADD CONSTRAINT "scan_counts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_counts" ADD CONSTRAINT "scan_counts_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serial_units" ADD CONSTRAINT "serial_units_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serial_units" ADD CONSTRAINT "serial_units_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scan_counts_organisation_minute_idx" ON "scan_counts" USING btree ("organisation_id","minute");--> statement-breakpoint
CREATE INDEX "serial_units_organisation_idx" ON "serial_units" USING btree ("organisation_id");--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_short_code_unique" UNIQUE("short_code");--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_short_code_format" CHECK ("batches"."short_code" ~ '^[0-9A-HJKMNP-TV-Z]{13}$');