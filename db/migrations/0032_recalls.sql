CREATE TYPE "public"."recall_disposition_kind" AS ENUM('returned', 'destroyed');--> statement-breakpoint
CREATE TYPE "public"."recall_reason" AS ENUM('contamination', 'lab_result', 'mislabelling', 'foreign_body', 'quality', 'other');--> statement-breakpoint
CREATE TYPE "public"."recall_severity" AS ENUM('serious', 'moderate', 'minor');--> statement-breakpoint
CREATE TYPE "public"."recall_status" AS ENUM('draft', 'confirmed', 'closed');--> statement-breakpoint
CREATE TABLE "recall_buyers" (
	"recall_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"message_id" uuid,
	CONSTRAINT "recall_buyers_recall_id_order_id_pk" PRIMARY KEY("recall_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "recall_dispositions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recall_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "recall_disposition_kind" NOT NULL,
	"units" integer NOT NULL,
	"note" text,
	"trace_event_id" uuid NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "recall_dispositions_units_positive" CHECK ("recall_dispositions"."units" > 0)
);
--> statement-breakpoint
CREATE TABLE "recall_holds" (
	"recall_id" uuid NOT NULL,
	"sub_order_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	CONSTRAINT "recall_holds_recall_id_sub_order_id_pk" PRIMARY KEY("recall_id","sub_order_id")
);
--> statement-breakpoint
CREATE TABLE "recall_lots" (
	"recall_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"lot_code" text NOT NULL,
	"depth" integer NOT NULL,
	"status_before" "batch_status" NOT NULL,
	"units_unsold" integer DEFAULT 0 NOT NULL,
	"trace_event_id" uuid,
	CONSTRAINT "recall_lots_recall_id_batch_id_pk" PRIMARY KEY("recall_id","batch_id")
);
--> statement-breakpoint
CREATE TABLE "recall_order_lines" (
	"recall_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"sub_order_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"released" boolean DEFAULT false NOT NULL,
	CONSTRAINT "recall_order_lines_recall_id_order_line_id_batch_id_pk" PRIMARY KEY("recall_id","order_line_id","batch_id")
);
--> statement-breakpoint
CREATE TABLE "recall_roots" (
	"recall_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "recall_roots_recall_id_batch_id_pk" PRIMARY KEY("recall_id","batch_id")
);
--> statement-breakpoint
CREATE TABLE "recalls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" "recall_status" DEFAULT 'draft' NOT NULL,
	"reason" "recall_reason" NOT NULL,
	"severity" "recall_severity" NOT NULL,
	"details" text,
	"message_vi" text NOT NULL,
	"message_en" text NOT NULL,
	"opened_by_organisation_id" uuid NOT NULL,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"closing_report" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "recalls_number_unique" UNIQUE("number"),
	CONSTRAINT "recalls_number_format" CHECK ("recalls"."number" ~ '^TH-[0-9]{4}-[0-9]{4,}$'),
	CONSTRAINT "recalls_confirmed" CHECK (("recalls"."status" = 'draft') = ("recalls"."confirmed_at" is null)),
	CONSTRAINT "recalls_closed" CHECK (("recalls"."status" = 'closed') = ("recalls"."closed_at" is not null)),
	CONSTRAINT "recalls_closed_has_report" CHECK ("recalls"."status" <> 'closed' or "recalls"."closing_report" is not null)
);
--> statement-breakpoint
ALTER TABLE "recall_buyers" ADD CONSTRAINT "recall_buyers_recall_id_recalls_id_fk" FOREIGN KEY ("recall_id") REFERENCES "public"."recalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_buyers" ADD CONSTRAINT "recall_buyers_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_dispositions" ADD CONSTRAINT "recall_dispositions_recall_id_recalls_id_fk" FOREIGN KEY ("recall_id") REFERENCES "public"."recalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_dispositions" ADD CONSTRAINT "recall_dispositions_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_dispositions" ADD CONSTRAINT "recall_dispositions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_dispositions" ADD CONSTRAINT "recall_dispositions_trace_event_id_trace_events_id_fk" FOREIGN KEY ("trace_event_id") REFERENCES "public"."trace_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_dispositions" ADD CONSTRAINT "recall_dispositions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_holds" ADD CONSTRAINT "recall_holds_recall_id_recalls_id_fk" FOREIGN KEY ("recall_id") REFERENCES "public"."recalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_holds" ADD CONSTRAINT "recall_holds_sub_order_id_sub_orders_id_fk" FOREIGN KEY ("sub_order_id") REFERENCES "public"."sub_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_holds" ADD CONSTRAINT "recall_holds_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_holds" ADD CONSTRAINT "recall_holds_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_lots" ADD CONSTRAINT "recall_lots_recall_id_recalls_id_fk" FOREIGN KEY ("recall_id") REFERENCES "public"."recalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_lots" ADD CONSTRAINT "recall_lots_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_lots" ADD CONSTRAINT "recall_lots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_lots" ADD CONSTRAINT "recall_lots_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_lots" ADD CONSTRAINT "recall_lots_trace_event_id_trace_events_id_fk" FOREIGN KEY ("trace_event_id") REFERENCES "public"."trace_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_order_lines" ADD CONSTRAINT "recall_order_lines_recall_id_recalls_id_fk" FOREIGN KEY ("recall_id") REFERENCES "public"."recalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_order_lines" ADD CONSTRAINT "recall_order_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_order_lines" ADD CONSTRAINT "recall_order_lines_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_order_lines" ADD CONSTRAINT "recall_order_lines_sub_order_id_sub_orders_id_fk" FOREIGN KEY ("sub_order_id") REFERENCES "public"."sub_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_order_lines" ADD CONSTRAINT "recall_order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_order_lines" ADD CONSTRAINT "recall_order_lines_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_roots" ADD CONSTRAINT "recall_roots_recall_id_recalls_id_fk" FOREIGN KEY ("recall_id") REFERENCES "public"."recalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_roots" ADD CONSTRAINT "recall_roots_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_roots" ADD CONSTRAINT "recall_roots_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recalls" ADD CONSTRAINT "recalls_opened_by_organisation_id_organisations_id_fk" FOREIGN KEY ("opened_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recalls" ADD CONSTRAINT "recalls_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recalls" ADD CONSTRAINT "recalls_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recalls" ADD CONSTRAINT "recalls_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recall_dispositions_recall_idx" ON "recall_dispositions" USING btree ("recall_id","batch_id");--> statement-breakpoint
CREATE INDEX "recall_holds_sub_order_idx" ON "recall_holds" USING btree ("sub_order_id") WHERE "recall_holds"."released_at" is null;--> statement-breakpoint
CREATE INDEX "recall_lots_batch_idx" ON "recall_lots" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "recall_lots_product_idx" ON "recall_lots" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "recall_lots_organisation_idx" ON "recall_lots" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "recall_order_lines_organisation_idx" ON "recall_order_lines" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "recall_order_lines_order_idx" ON "recall_order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "recall_roots_batch_idx" ON "recall_roots" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "recalls_status_idx" ON "recalls" USING btree ("status","opened_at");