CREATE TABLE "ocop_expiry_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"certificate_number" text NOT NULL,
	"expires_on" date NOT NULL,
	"threshold_days" smallint NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocop_expiry_reminders_once" UNIQUE("product_id","certificate_number","expires_on","threshold_days"),
	CONSTRAINT "ocop_expiry_reminders_threshold" CHECK ("ocop_expiry_reminders"."threshold_days" in (90, 30, 7))
);
--> statement-breakpoint
ALTER TABLE "ocop_expiry_reminders" ADD CONSTRAINT "ocop_expiry_reminders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_expiry_reminders" ADD CONSTRAINT "ocop_expiry_reminders_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ocop_expiry_reminders_organisation_idx" ON "ocop_expiry_reminders" USING btree ("organisation_id");