CREATE TABLE "payment_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"stripe_checkout_session_id" text NOT NULL,
	"stripe_payment_intent_id" text,
	"expected_amount_vnd" bigint NOT NULL,
	"reported_amount" bigint,
	"reported_currency" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_flags_session_reason_unique" UNIQUE("stripe_checkout_session_id","reason")
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "cash_hold_hours" smallint DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_flags" ADD CONSTRAINT "payment_flags_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_flags_order_idx" ON "payment_flags" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payment_flags_created_idx" ON "payment_flags" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_cash_hold_hours_range" CHECK ("organisations"."cash_hold_hours" between 1 and 720);