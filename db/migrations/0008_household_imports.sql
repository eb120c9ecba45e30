CREATE TYPE "public"."household_import_kind" AS ENUM('households', 'supplies', 'payments');--> statement-breakpoint
CREATE TABLE "household_import_files" (
	"organisation_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"kind" "household_import_kind" NOT NULL,
	"file_name" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_import_files_pk" PRIMARY KEY("organisation_id","sha256","kind"),
	CONSTRAINT "household_import_files_sha256" CHECK ("household_import_files"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "household_import_files" ADD CONSTRAINT "household_import_files_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_import_files" ADD CONSTRAINT "household_import_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;