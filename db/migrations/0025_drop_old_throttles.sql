DROP TABLE "sign_in_throttles" CASCADE;--> statement-breakpoint
DROP TABLE "order_lookup_throttles" CASCADE;