CREATE TYPE "public"."case_assignee_kind" AS ENUM('cooperative', 'officer', 'commune');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('received', 'assigned', 'answered', 'closed', 'escalated');--> statement-breakpoint
CREATE TYPE "public"."case_step_kind" AS ENUM('received', 'assigned', 'answered', 'closed', 'escalated', 'commented', 'reminded');--> statement-breakpoint
CREATE TYPE "public"."citizen_report_kind" AS ENUM('counterfeit', 'quality', 'wrong_information', 'programme_support');--> statement-breakpoint
ALTER TYPE "public"."organisation_kind" ADD VALUE 'supervisory_body';--> statement-breakpoint
ALTER TYPE "public"."membership_role" ADD VALUE 'supervisor';--> statement-breakpoint
CREATE TABLE "citizen_case_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" date NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "citizen_case_reminders_once" UNIQUE("case_id","kind","due_on"),
	CONSTRAINT "citizen_case_reminders_kind" CHECK ("citizen_case_reminders"."kind" in ('before_due', 'overdue'))
);
--> statement-breakpoint
CREATE TABLE "citizen_case_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"step" "case_step_kind" NOT NULL,
	"actor_user_id" uuid,
	"actor_organisation_id" uuid,
	"note" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "citizen_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"kind" "citizen_report_kind" NOT NULL,
	"status" "case_status" DEFAULT 'received' NOT NULL,
	"description" text NOT NULL,
	"code" text,
	"serial" text,
	"batch_id" uuid,
	"product_id" uuid,
	"subject_organisation_id" uuid,
	"order_number" text,
	"page_path" text,
	"place_bought" text,
	"commune_id" integer,
	"photo_key" text,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"locale" text DEFAULT 'vi' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_on" date NOT NULL,
	"assignee_kind" "case_assignee_kind",
	"assigned_organisation_id" uuid,
	"assigned_user_id" uuid,
	"assigned_commune_id" integer,
	"answer" text,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "citizen_cases_reference_unique" UNIQUE("reference"),
	CONSTRAINT "citizen_cases_reference_format" CHECK ("citizen_cases"."reference" ~ '^PA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
	CONSTRAINT "citizen_cases_answered_has_answer" CHECK ("citizen_cases"."status" not in ('answered', 'closed') or "citizen_cases"."answer" is not null),
	CONSTRAINT "citizen_cases_assignee_one" CHECK (("citizen_cases"."assignee_kind" is null and "citizen_cases"."assigned_organisation_id" is null and "citizen_cases"."assigned_user_id" is null and "citizen_cases"."assigned_commune_id" is null)
        or ("citizen_cases"."assignee_kind" = 'cooperative' and "citizen_cases"."assigned_organisation_id" is not null and "citizen_cases"."assigned_user_id" is null and "citizen_cases"."assigned_commune_id" is null)
        or ("citizen_cases"."assignee_kind" = 'officer' and "citizen_cases"."assigned_user_id" is not null and "citizen_cases"."assigned_organisation_id" is null and "citizen_cases"."assigned_commune_id" is null)
        or ("citizen_cases"."assignee_kind" = 'commune' and "citizen_cases"."assigned_commune_id" is not null and "citizen_cases"."assigned_organisation_id" is null and "citizen_cases"."assigned_user_id" is null))
);
--> statement-breakpoint
ALTER TABLE "citizen_case_reminders" ADD CONSTRAINT "citizen_case_reminders_case_id_citizen_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."citizen_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_case_steps" ADD CONSTRAINT "citizen_case_steps_case_id_citizen_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."citizen_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_case_steps" ADD CONSTRAINT "citizen_case_steps_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_case_steps" ADD CONSTRAINT "citizen_case_steps_actor_organisation_id_organisations_id_fk" FOREIGN KEY ("actor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_cases" ADD CONSTRAINT "citizen_cases_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_cases" ADD CONSTRAINT "citizen_cases_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_cases" ADD CONSTRAINT "citizen_cases_subject_organisation_id_organisations_id_fk" FOREIGN KEY ("subject_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_cases" ADD CONSTRAINT "citizen_cases_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_cases" ADD CONSTRAINT "citizen_cases_assigned_organisation_id_organisations_id_fk" FOREIGN KEY ("assigned_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_cases" ADD CONSTRAINT "citizen_cases_assigned_user_id_users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_cases" ADD CONSTRAINT "citizen_cases_assigned_commune_id_communes_id_fk" FOREIGN KEY ("assigned_commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "citizen_case_steps_case_idx" ON "citizen_case_steps" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "citizen_cases_status_idx" ON "citizen_cases" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "citizen_cases_assigned_organisation_idx" ON "citizen_cases" USING btree ("assigned_organisation_id");--> statement-breakpoint
CREATE INDEX "citizen_cases_batch_idx" ON "citizen_cases" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "citizen_cases_received_idx" ON "citizen_cases" USING btree ("received_at");