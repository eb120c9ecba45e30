import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { communes, organisations, type Organisation } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { refuseField, type Refusal } from "~/lib/result";
import { transact, type Actor } from "~/lib/transact.server";
import { organisationProfileSchema } from "./organisation-schema";

export type ProfileResult = { ok: true; organisation: Organisation; before: Organisation } | Refusal<"invalid_input">;

export async function getOrganisationProfile(db: Database, organisationId: string): Promise<Organisation | null> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  return row ?? null;
}

/** A manager edits the profile of their own organisation; status and slug are not theirs to change. */
export async function updateOrganisationProfile(
  db: Database,
  actor: Actor,
  args: { organisationId: string; form: unknown },
): Promise<ProfileResult> {
  const parsed = parseInput(organisationProfileSchema, args.form);
  if (!parsed.ok) return parsed;
  const input = parsed.input;
  const result = await transact(db, actor, async (tx) => {
    if (input.communeId !== null) {
      const [commune] = await tx.db.select({ id: communes.id }).from(communes).where(eq(communes.id, input.communeId));
      if (!commune) return refuseField("invalid_input", "communeId", "validation.choice");
    }
    const [before] = await tx.db.select().from(organisations).where(eq(organisations.id, args.organisationId)).for("update");
    if (!before) throw new Error(`organisation ${args.organisationId} not found`);
    const [organisation] = await tx.db
      .update(organisations)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(organisations.id, args.organisationId))
      .returning();
    await tx.audit({
      organisationId: args.organisationId,
      entityType: "organisation",
      entityId: args.organisationId,
      action: "update_profile",
      before,
      after: organisation,
    });
    return { ok: true as const, organisation: organisation!, before };
  });
  return result;
}
