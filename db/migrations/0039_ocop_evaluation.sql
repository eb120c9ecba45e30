CREATE TYPE "public"."ocop_application_kind" AS ENUM('new', 'renewal', 'upgrade');--> statement-breakpoint
CREATE TYPE "public"."ocop_application_status" AS ENUM('draft', 'submitted', 'returned', 'under_evaluation', 'decided', 'certificate_issued');--> statement-breakpoint
CREATE TYPE "public"."ocop_certificate_event_kind" AS ENUM('issued', 'recorded', 'confirmed', 'suspended', 'reinstated', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."ocop_certificate_origin" AS ENUM('evaluation', 'recorded_without_evaluation');--> statement-breakpoint
CREATE TYPE "public"."ocop_certificate_status" AS ENUM('valid', 'suspended', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."ocop_council_role" AS ENUM('chair', 'secretary', 'member');--> statement-breakpoint
CREATE TYPE "public"."ocop_decision_level" AS ENUM('province', 'central');--> statement-breakpoint
CREATE TYPE "public"."ocop_document_kind" AS ENUM('business_registration', 'food_safety', 'trademark', 'lab_report', 'product_story', 'photo', 'standard', 'other');--> statement-breakpoint
CREATE TYPE "public"."ocop_round_status" AS ENUM('open', 'scoring', 'closed');--> statement-breakpoint
CREATE TYPE "public"."ocop_sheet_status" AS ENUM('draft', 'published', 'retired');--> statement-breakpoint
CREATE TABLE "ocop_application_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" "ocop_document_kind" NOT NULL,
	"title" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ocop_application_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"from_status" "ocop_application_status",
	"to_status" "ocop_application_status" NOT NULL,
	"note" text,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ocop_application_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"attached_by" uuid,
	"attached_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocop_application_evidence_kind" UNIQUE("application_id","kind")
);
--> statement-breakpoint
CREATE TABLE "ocop_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"sheet_id" uuid NOT NULL,
	"round_id" uuid,
	"kind" "ocop_application_kind" DEFAULT 'new' NOT NULL,
	"previous_application_id" uuid,
	"status" "ocop_application_status" DEFAULT 'draft' NOT NULL,
	"product_idea" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"business_plan" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"return_note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ocop_applications_number" UNIQUE("number"),
	CONSTRAINT "ocop_applications_number_format" CHECK ("ocop_applications"."number" ~ '^HS-[0-9]{4}-[0-9]{4,}$')
);
--> statement-breakpoint
CREATE TABLE "ocop_certificate_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"kind" "ocop_certificate_event_kind" NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ocop_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"product_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"product_group" "ocop_group" NOT NULL,
	"stars" smallint NOT NULL,
	"score" numeric(5, 2),
	"issued_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"origin" "ocop_certificate_origin" NOT NULL,
	"decision_id" uuid,
	"application_id" uuid,
	"status" "ocop_certificate_status" DEFAULT 'valid' NOT NULL,
	"status_reason" text,
	"status_changed_at" timestamp with time zone,
	"status_changed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ocop_certificates_stars" CHECK ("ocop_certificates"."stars" between 3 and 5),
	CONSTRAINT "ocop_certificates_dates" CHECK ("ocop_certificates"."expires_on" > "ocop_certificates"."issued_on"),
	CONSTRAINT "ocop_certificates_evaluated" CHECK ("ocop_certificates"."origin" = 'recorded_without_evaluation' or "ocop_certificates"."decision_id" is not null),
	CONSTRAINT "ocop_certificates_status_reason" CHECK ("ocop_certificates"."status" = 'valid' or "ocop_certificates"."status_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "ocop_conflicts" (
	"round_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"note" text,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocop_conflicts_round_id_user_id_organisation_id_pk" PRIMARY KEY("round_id","user_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "ocop_council_members" (
	"round_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "ocop_council_role" NOT NULL,
	"title" text,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocop_council_members_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ocop_council_scores" (
	"application_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"criterion_code" text NOT NULL,
	"option_index" smallint NOT NULL,
	"points" numeric(5, 2) NOT NULL,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocop_council_scores_application_id_user_id_criterion_code_pk" PRIMARY KEY("application_id","user_id","criterion_code")
);
--> statement-breakpoint
CREATE TABLE "ocop_criteria_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_set_code" text NOT NULL,
	"version" integer NOT NULL,
	"status" "ocop_sheet_status" DEFAULT 'draft' NOT NULL,
	"criteria" jsonb NOT NULL,
	"source_note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "ocop_criteria_sheets_version" UNIQUE("product_set_code","version"),
	CONSTRAINT "ocop_criteria_sheets_published" CHECK (("ocop_criteria_sheets"."status" = 'draft') = ("ocop_criteria_sheets"."published_at" is null))
);
--> statement-breakpoint
CREATE TABLE "ocop_decision_items" (
	"decision_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"stars" smallint,
	"proposed_five_stars" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ocop_decision_items_decision_id_application_id_pk" PRIMARY KEY("decision_id","application_id"),
	CONSTRAINT "ocop_decision_items_once" UNIQUE("application_id"),
	CONSTRAINT "ocop_decision_items_stars" CHECK ("ocop_decision_items"."stars" is null or "ocop_decision_items"."stars" between 3 and 5),
	CONSTRAINT "ocop_decision_items_score" CHECK ("ocop_decision_items"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "ocop_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid,
	"level" "ocop_decision_level" DEFAULT 'province' NOT NULL,
	"number" text NOT NULL,
	"signed_on" date NOT NULL,
	"signer_name" text NOT NULL,
	"signer_title" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ocop_decisions_number" UNIQUE("department_id","number")
);
--> statement-breakpoint
CREATE TABLE "ocop_product_sets" (
	"code" text PRIMARY KEY NOT NULL,
	"product_group" "ocop_group" NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "ocop_product_sets_code_format" CHECK ("ocop_product_sets"."code" ~ '^[a-z_]+\.[a-z0-9_]+$')
);
--> statement-breakpoint
CREATE TABLE "ocop_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"name" text NOT NULL,
	"year" smallint NOT NULL,
	"status" "ocop_round_status" DEFAULT 'open' NOT NULL,
	"meeting_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ocop_rounds_closed" CHECK (("ocop_rounds"."status" = 'closed') = ("ocop_rounds"."closed_at" is not null)),
	CONSTRAINT "ocop_rounds_year" CHECK ("ocop_rounds"."year" between 2019 and 2100)
);
--> statement-breakpoint
CREATE TABLE "ocop_score_submissions" (
	"application_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"total" numeric(5, 2) NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocop_score_submissions_application_id_user_id_pk" PRIMARY KEY("application_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ocop_self_scores" (
	"application_id" uuid NOT NULL,
	"criterion_code" text NOT NULL,
	"option_index" smallint NOT NULL,
	"points" numeric(5, 2) NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ocop_self_scores_application_id_criterion_code_pk" PRIMARY KEY("application_id","criterion_code")
);
--> statement-breakpoint
ALTER TABLE "ocop_application_documents" ADD CONSTRAINT "ocop_application_documents_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_application_documents" ADD CONSTRAINT "ocop_application_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_application_events" ADD CONSTRAINT "ocop_application_events_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_application_events" ADD CONSTRAINT "ocop_application_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_application_evidence" ADD CONSTRAINT "ocop_application_evidence_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_application_evidence" ADD CONSTRAINT "ocop_application_evidence_attached_by_users_id_fk" FOREIGN KEY ("attached_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_applications" ADD CONSTRAINT "ocop_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_applications" ADD CONSTRAINT "ocop_applications_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_applications" ADD CONSTRAINT "ocop_applications_sheet_id_ocop_criteria_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."ocop_criteria_sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_applications" ADD CONSTRAINT "ocop_applications_round_id_ocop_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."ocop_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_applications" ADD CONSTRAINT "ocop_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificate_events" ADD CONSTRAINT "ocop_certificate_events_certificate_id_ocop_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."ocop_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificate_events" ADD CONSTRAINT "ocop_certificate_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificates" ADD CONSTRAINT "ocop_certificates_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificates" ADD CONSTRAINT "ocop_certificates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificates" ADD CONSTRAINT "ocop_certificates_decision_id_ocop_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."ocop_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificates" ADD CONSTRAINT "ocop_certificates_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificates" ADD CONSTRAINT "ocop_certificates_status_changed_by_users_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_certificates" ADD CONSTRAINT "ocop_certificates_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_conflicts" ADD CONSTRAINT "ocop_conflicts_round_id_ocop_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."ocop_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_conflicts" ADD CONSTRAINT "ocop_conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_conflicts" ADD CONSTRAINT "ocop_conflicts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_council_members" ADD CONSTRAINT "ocop_council_members_round_id_ocop_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."ocop_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_council_members" ADD CONSTRAINT "ocop_council_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_council_members" ADD CONSTRAINT "ocop_council_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_council_scores" ADD CONSTRAINT "ocop_council_scores_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_council_scores" ADD CONSTRAINT "ocop_council_scores_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_criteria_sheets" ADD CONSTRAINT "ocop_criteria_sheets_product_set_code_ocop_product_sets_code_fk" FOREIGN KEY ("product_set_code") REFERENCES "public"."ocop_product_sets"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_criteria_sheets" ADD CONSTRAINT "ocop_criteria_sheets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_criteria_sheets" ADD CONSTRAINT "ocop_criteria_sheets_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_decision_items" ADD CONSTRAINT "ocop_decision_items_decision_id_ocop_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."ocop_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_decision_items" ADD CONSTRAINT "ocop_decision_items_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_decisions" ADD CONSTRAINT "ocop_decisions_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_decisions" ADD CONSTRAINT "ocop_decisions_round_id_ocop_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."ocop_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_decisions" ADD CONSTRAINT "ocop_decisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_rounds" ADD CONSTRAINT "ocop_rounds_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_rounds" ADD CONSTRAINT "ocop_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_score_submissions" ADD CONSTRAINT "ocop_score_submissions_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_score_submissions" ADD CONSTRAINT "ocop_score_submissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocop_self_scores" ADD CONSTRAINT "ocop_self_scores_application_id_ocop_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."ocop_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ocop_application_documents_application_idx" ON "ocop_application_documents" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "ocop_application_events_application_idx" ON "ocop_application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "ocop_applications_organisation_idx" ON "ocop_applications" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "ocop_applications_round_idx" ON "ocop_applications" USING btree ("round_id","status");--> statement-breakpoint
CREATE INDEX "ocop_applications_product_idx" ON "ocop_applications" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "ocop_certificate_events_certificate_idx" ON "ocop_certificate_events" USING btree ("certificate_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "ocop_certificates_number" ON "ocop_certificates" USING btree (lower("number"));--> statement-breakpoint
CREATE INDEX "ocop_certificates_product_idx" ON "ocop_certificates" USING btree ("product_id","issued_on");--> statement-breakpoint
CREATE INDEX "ocop_certificates_organisation_idx" ON "ocop_certificates" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "ocop_certificates_expiry_idx" ON "ocop_certificates" USING btree ("expires_on");--> statement-breakpoint
CREATE INDEX "ocop_council_members_user_idx" ON "ocop_council_members" USING btree ("user_id");--> statement-breakpoint
-- A published criteria sheet never changes: an edit is a new draft version (an application keeps the version it started
-- with). Only its status may move on (published -> retired).
CREATE OR REPLACE FUNCTION ocop_criteria_sheets_frozen() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'ocop_criteria_sheets: a published sheet cannot be deleted' USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.criteria IS DISTINCT FROM OLD.criteria OR NEW.version IS DISTINCT FROM OLD.version
      OR NEW.product_set_code IS DISTINCT FROM OLD.product_set_code OR NEW.status = 'draft') THEN
    RAISE EXCEPTION 'ocop_criteria_sheets: a published sheet cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER ocop_criteria_sheets_frozen BEFORE UPDATE OR DELETE ON ocop_criteria_sheets
  FOR EACH ROW EXECUTE FUNCTION ocop_criteria_sheets_frozen();
--> statement-breakpoint
-- Certificates that existed before the evaluation cycle enter the register as "recorded without an evaluation", for the
-- department to confirm against its decisions; they keep their stars meanwhile.
INSERT INTO ocop_certificates (number, product_id, organisation_id, product_group, stars, score, issued_on, expires_on, origin, is_demo)
SELECT p.ocop_certificate_number, p.id, p.organisation_id, p.ocop_group, p.ocop_stars, p.ocop_score, p.ocop_issued_on, p.ocop_expires_on,
  'recorded_without_evaluation', p.is_demo
FROM products p JOIN organisations o ON o.id = p.organisation_id
WHERE p.ocop_stars IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM products q WHERE q.ocop_stars IS NOT NULL AND lower(q.ocop_certificate_number) = lower(p.ocop_certificate_number) AND q.id < p.id);
--> statement-breakpoint
INSERT INTO ocop_certificate_events (certificate_id, kind, reason, at)
SELECT c.id, 'recorded', 'Imported from the product record when the OCOP register began', now() FROM ocop_certificates c;
