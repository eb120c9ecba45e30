CREATE TABLE "throttle_hits" (
	"scope" text NOT NULL,
	"key_hash" text NOT NULL,
	"hits" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "throttle_hits_scope_key_hash_pk" PRIMARY KEY("scope","key_hash")
);
