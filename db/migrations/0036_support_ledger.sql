CREATE TYPE "public"."support_beneficiary" AS ENUM('cooperative', 'households');--> statement-breakpoint
CREATE TYPE "public"."support_kind" AS ENUM('cash', 'seedlings_livestock', 'machinery', 'inputs', 'training', 'value_chain', 'infrastructure');--> statement-breakpoint
CREATE TYPE "public"."support_programme" AS ENUM('new_rural', 'poverty_reduction', 'ethnic_minority', 'provincial_fund');--> statement-breakpoint
CREATE TABLE "support_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "support_entries_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme" "support_programme" NOT NULL,
	"project" text NOT NULL,
	"kind" "support_kind" NOT NULL,
	"value_vnd" bigint NOT NULL,
	"given_on" date NOT NULL,
	"commune_id" integer NOT NULL,
	"beneficiary" "support_beneficiary" NOT NULL,
	"organisation_id" uuid NOT NULL,
	"revolving" boolean DEFAULT false NOT NULL,
	"corrects_id" uuid,
	"reason" text,
	"note" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_entries_value_non_negative" CHECK ("support_entries"."value_vnd" >= 0 and "support_entries"."value_vnd" <= 1000000000000),
	CONSTRAINT "support_entries_correction_reason" CHECK (("support_entries"."corrects_id" is null) = ("support_entries"."reason" is null)),
	CONSTRAINT "support_entries_project_length" CHECK (char_length("support_entries"."project") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "support_entry_households" (
	"entry_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	CONSTRAINT "support_entry_households_pk" PRIMARY KEY("entry_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "support_import_files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"bytes_base64" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_repayments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"amount_vnd" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"note" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_repayments_amount_positive" CHECK ("support_repayments"."amount_vnd" > 0)
);
--> statement-breakpoint
ALTER TABLE "support_entries" ADD CONSTRAINT "support_entries_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entries" ADD CONSTRAINT "support_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entries" ADD CONSTRAINT "support_entries_corrects_id_support_entries_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."support_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entries" ADD CONSTRAINT "support_entries_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entry_households" ADD CONSTRAINT "support_entry_households_entry_id_support_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."support_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entry_households" ADD CONSTRAINT "support_entry_households_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_import_files" ADD CONSTRAINT "support_import_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_repayments" ADD CONSTRAINT "support_repayments_entry_id_support_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."support_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_repayments" ADD CONSTRAINT "support_repayments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_entries_given_on_idx" ON "support_entries" USING btree ("given_on");--> statement-breakpoint
CREATE INDEX "support_entries_organisation_idx" ON "support_entries" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "support_entries_commune_idx" ON "support_entries" USING btree ("commune_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_entries_corrects_unique" ON "support_entries" USING btree ("corrects_id");--> statement-breakpoint
CREATE INDEX "support_entry_households_household_idx" ON "support_entry_households" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "support_repayments_entry_idx" ON "support_repayments" USING btree ("entry_id");