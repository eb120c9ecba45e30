ALTER TYPE "public"."membership_role" ADD VALUE 'commune_officer';--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "commune_id" integer;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD COLUMN "commune_id" integer;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_commune_officer_commune" CHECK (("memberships"."role"::text = 'commune_officer') = ("memberships"."commune_id" is not null));--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_commune_officer_commune" CHECK (("staff_invitations"."role"::text = 'commune_officer') = ("staff_invitations"."commune_id" is not null));