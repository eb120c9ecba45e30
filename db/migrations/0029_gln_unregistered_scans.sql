ALTER TABLE "organisations" ADD COLUMN "gln" text;--> statement-breakpoint
ALTER TABLE "scan_counts" ADD COLUMN "unregistered" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_counts" DROP CONSTRAINT "scan_counts_pk";
--> statement-breakpoint
ALTER TABLE "scan_counts" ADD CONSTRAINT "scan_counts_pk" PRIMARY KEY("batch_id","serial","minute","province_code","device","unregistered");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_gln_format" CHECK ("organisations"."gln" is null or "organisations"."gln" ~ '^[0-9]{13}$');