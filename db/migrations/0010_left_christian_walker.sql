CREATE TABLE "insight_household_cooperatives" (
	"year" smallint NOT NULL,
	"commune_id" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"households" integer NOT NULL,
	"received_vnd" bigint NOT NULL,
	"attributed_vnd" bigint NOT NULL,
	CONSTRAINT "insight_household_cooperatives_pk" PRIMARY KEY("year","commune_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "insight_household_facts" (
	"year" smallint NOT NULL,
	"commune_id" integer NOT NULL,
	"active" boolean NOT NULL,
	"head_sex" text NOT NULL,
	"kinh" boolean NOT NULL,
	"status" text,
	"status_before" text,
	"has_pair" boolean NOT NULL,
	"baseline_2020" boolean NOT NULL,
	"rose_float" boolean,
	"rose_whole" boolean,
	"households" integer NOT NULL,
	"baseline_sum" bigint NOT NULL,
	"now_sum" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_household_years" (
	"year" smallint PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "insight_household_facts_year_commune_idx" ON "insight_household_facts" USING btree ("year","commune_id");