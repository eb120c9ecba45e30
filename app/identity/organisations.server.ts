import { and, asc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { memberships, organisations, users } from "#db/schema";
import { transact } from "~/lib/transact.server";
import type { Actor } from "./invitations.server";
import { canApproveOrganisations } from "./roles";
import { approveOrganisationSchema } from "./schema";

export interface PendingOrganisation {
  id: string;
  slug: string;
  name: string;
  kind: string;
  createdAt: Date;
  managers: { displayName: string; email: string }[];
}

/** Organisations waiting for approval, oldest first, with the people who registered them. */
export async function listPendingOrganisations(db: Database): Promise<PendingOrganisation[]> {
  const rows = await db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      kind: organisations.kind,
      createdAt: organisations.createdAt,
      displayName: users.displayName,
      email: users.email,
    })
    .from(organisations)
    .leftJoin(memberships, and(eq(memberships.organisationId, organisations.id), eq(memberships.role, "cooperative_manager")))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(eq(organisations.status, "pending"))
    .orderBy(asc(organisations.createdAt), asc(organisations.name));
  const byId = new Map<string, PendingOrganisation>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, slug: r.slug, name: r.name, kind: r.kind, createdAt: r.createdAt, managers: [] };
    if (r.email && r.displayName) entry.managers.push({ displayName: r.displayName, email: r.email });
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}

export type ApproveResult = { ok: true } | { ok: false; reason: "forbidden" | "not_pending" | "invalid" };

/** An admin makes a pending organisation active; the change is audited in the same transaction. */
export async function approveOrganisation(db: Database, args: { actor: Actor; input: unknown }): Promise<ApproveResult> {
  if (!canApproveOrganisations(args.actor.memberships)) return { ok: false, reason: "forbidden" };
  const parsed = approveOrganisationSchema.safeParse(args.input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  return transact(db, { userId: args.actor.userId, organisationId: null }, async ({ db: tx, audit }) => {
    const [approved] = await tx
      .update(organisations)
      .set({ status: "active", updatedAt: new Date() })
      .where(and(eq(organisations.id, parsed.data.organisationId), eq(organisations.status, "pending")))
      .returning({ id: organisations.id });
    if (!approved) return { ok: false as const, reason: "not_pending" as const };
    await audit({
      organisationId: approved.id,
      entityType: "organisation",
      entityId: approved.id,
      action: "approve",
      before: { status: "pending" },
      after: { status: "active" },
    });
    return { ok: true as const };
  });
}
