/**
 * Commune officers appointed by the department (issue 18): a membership of the department's organisation with the
 * role `commune_officer` and the one commune it acts for (a CHECK keeps the two together). The department invites the
 * person by e-mail through the one invitation mechanism; withdrawing the appointment removes the membership, and
 * since every request reads the viewer's memberships afresh, access ends at once.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { memberships, organisations, staffInvitations, users } from "#db/schema";
import { DEFAULT_PROVINCE } from "~/insights/filters";
import { parseInput } from "~/lib/field-errors";
import type { Locale } from "~/lib/i18n";
import { refuse, refuseField, type Refusal } from "~/lib/result";
import { transact } from "~/lib/transact.server";
import { issueInvitation, type Actor } from "./invitations.server";
import { canAppointCommuneOfficers } from "./roles";
import { appointCommuneOfficerSchema } from "./schema";

export type CommuneOfficerRefusal = Refusal<"invalid_input" | "forbidden" | "already_member" | "not_found">;

/** The department organisation the actor may appoint officers for; null when they may not. */
export function appointingDepartmentId(actor: Pick<Actor, "memberships">): string | null {
  return actor.memberships.find((m) => canAppointCommuneOfficers(actor.memberships, m.organisationId))?.organisationId ?? null;
}

/** Invites a person by e-mail as the commune officer of one commune of the province. */
export async function appointCommuneOfficer(
  db: Database,
  args: { actor: Actor; departmentId: string; input: unknown; origin: string; locale: Locale },
  now = new Date(),
): Promise<{ ok: true; invitationId: string } | CommuneOfficerRefusal> {
  if (!canAppointCommuneOfficers(args.actor.memberships, args.departmentId)) return refuse("forbidden");
  const parsed = parseInput(appointCommuneOfficerSchema, args.input);
  if (!parsed.ok) return parsed;
  const { email, communeId } = parsed.input;
  return transact(db, { userId: args.actor.userId, organisationId: args.departmentId }, async (tx) => {
    const [department] = await tx.db.select().from(organisations).where(and(eq(organisations.id, args.departmentId), eq(organisations.kind, "department")));
    if (!department) return refuse("forbidden");
    const [commune] = rowsOf<{ id: number }>(await tx.db.execute(sql`select id from communes where id = ${communeId} and province_code = ${DEFAULT_PROVINCE}`));
    if (!commune) return refuseField("invalid_input", "communeId", "auth.v.communeRequired");
    const [member] = await tx.db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, args.departmentId), eq(users.email, email)));
    if (member) return refuseField("already_member", "email", "auth.v.alreadyMember");
    const invitation = await issueInvitation(tx, {
      organisation: department,
      email,
      role: "commune_officer",
      communeId,
      invitedBy: args.actor.userId,
      origin: args.origin,
      locale: args.locale,
      now,
    });
    return { ok: true as const, invitationId: invitation.id };
  });
}

export interface CommuneOfficerRow {
  membershipId: string;
  userId: string;
  email: string;
  displayName: string;
  communeId: number;
  communeName: string;
  since: string;
}

export interface PendingAppointment {
  invitationId: string;
  email: string;
  communeName: string;
  expiresAt: string;
}

/** The department's commune officers and the invitations still open, by commune. */
export async function listCommuneOfficers(db: Database, departmentId: string, now = new Date()): Promise<{ officers: CommuneOfficerRow[]; pending: PendingAppointment[] }> {
  const officers = rowsOf<{ id: string; user_id: string; email: string; display_name: string; commune_id: number; commune_name: string; created_at: string }>(
    await db.execute(sql`select m.id, m.user_id, u.email, u.display_name, m.commune_id, c.name_vi as commune_name, m.created_at
      from memberships m join users u on u.id = m.user_id join communes c on c.id = m.commune_id
      where m.organisation_id = ${departmentId} and m.role = 'commune_officer' order by c.name_vi, u.email`),
  );
  const pending = await db
    .select({ id: staffInvitations.id, email: staffInvitations.email, communeId: staffInvitations.communeId, expiresAt: staffInvitations.expiresAt, communeName: sql<string>`(select name_vi from communes where id = ${staffInvitations.communeId})` })
    .from(staffInvitations)
    .where(
      and(
        eq(staffInvitations.organisationId, departmentId),
        eq(staffInvitations.role, "commune_officer"),
        isNull(staffInvitations.acceptedAt),
        gt(staffInvitations.expiresAt, now),
      ),
    )
    .orderBy(staffInvitations.email);
  return {
    officers: officers.map((r) => ({
      membershipId: r.id,
      userId: r.user_id,
      email: r.email,
      displayName: r.display_name,
      communeId: Number(r.commune_id),
      communeName: r.commune_name,
      since: new Date(String(r.created_at)).toISOString(),
    })),
    pending: pending.map((p) => ({ invitationId: p.id, email: p.email, communeName: String(p.communeName), expiresAt: p.expiresAt.toISOString() })),
  };
}

/** Withdraws an appointment: the membership goes (audited), and with it every right it gave, from the next request. */
export async function withdrawCommuneOfficer(
  db: Database,
  args: { actor: Actor; departmentId: string; membershipId: unknown },
): Promise<{ ok: true } | CommuneOfficerRefusal> {
  if (!canAppointCommuneOfficers(args.actor.memberships, args.departmentId)) return refuse("forbidden");
  const membershipId = typeof args.membershipId === "string" && /^[0-9a-f-]{36}$/.test(args.membershipId) ? args.membershipId : null;
  if (!membershipId) return refuse("not_found", { fieldErrors: { _form: "sup.officers.error.notFound" } });
  return transact(db, { userId: args.actor.userId, organisationId: args.departmentId }, async (tx) => {
    const [removed] = await tx.db
      .delete(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.organisationId, args.departmentId), eq(memberships.role, "commune_officer")))
      .returning();
    if (!removed) return refuse("not_found", { fieldErrors: { _form: "sup.officers.error.notFound" } });
    await tx.audit({
      entityType: "membership",
      entityId: removed.id,
      action: "revoke",
      before: { userId: removed.userId, role: removed.role, communeId: removed.communeId },
    });
    return { ok: true as const };
  });
}
