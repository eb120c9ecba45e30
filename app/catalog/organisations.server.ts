import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { communes, organisations, type Organisation } from "#db/schema";
import { organisationProfileSchema } from "./organisation-schema";
import { fieldErrors } from "./schema";

export type ProfileResult =
  | { ok: true; organisation: Organisation; before: Organisation }
  | { ok: false; fieldErrors: Record<string, string> };

export async function getOrganisationProfile(db: Database, organisationId: string): Promise<Organisation | null> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  return row ?? null;
}

/** A manager edits the profile of their own organisation; status and slug are not theirs to change. */
export async function updateOrganisationProfile(
  db: Database,
  args: { organisationId: string; form: unknown },
): Promise<ProfileResult> {
  const parsed = organisationProfileSchema.safeParse(args.form);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  const input = parsed.data;
  return db.transaction(async (tx) => {
    if (input.communeId !== null) {
      const [commune] = await tx.select({ id: communes.id }).from(communes).where(eq(communes.id, input.communeId));
      if (!commune) return { ok: false as const, fieldErrors: { communeId: "validation.choice" } };
    }
    const [before] = await tx.select().from(organisations).where(eq(organisations.id, args.organisationId)).for("update");
    if (!before) throw new Error(`organisation ${args.organisationId} not found`);
    const [organisation] = await tx
      .update(organisations)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(organisations.id, args.organisationId))
      .returning();
    return { ok: true as const, organisation: organisation!, before };
  });
}
