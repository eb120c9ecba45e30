CREATE TABLE "catalogue_entries" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"document" "tsvector" NOT NULL,
	"name_vi" text NOT NULL,
	"category" text NOT NULL,
	"ocop_group" "ocop_group",
	"ocop_stars" smallint,
	"is_featured" boolean NOT NULL,
	"commune_id" integer,
	"organisation_slug" text NOT NULL,
	"price_vnd" bigint NOT NULL,
	"listed_at" timestamp with time zone NOT NULL,
	"in_stock_until" date
);
--> statement-breakpoint
CREATE TABLE "catalogue_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_entries" ADD CONSTRAINT "catalogue_entries_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_entries" ADD CONSTRAINT "catalogue_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_entries_document_idx" ON "catalogue_entries" USING gin ("document");