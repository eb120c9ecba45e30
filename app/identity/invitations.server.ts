import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
import { memberships, organisations, staffInvitations, users } from "#db/schema";
import { systemActor, transact, type Tx } from "~/lib/transact.server";
import { fieldErrors } from "~/lib/field-errors";
import type { Logger } from "~/lib/logger";
import { localized, translate, type Locale } from "~/lib/i18n";
import { queueMail } from "~/notifications/queue.server";
import { hashPassword, verifyPassword } from "./password.server";
import { canInviteStaff, type MembershipGrant, type Role } from "./roles";
import { acceptInvitationSchema, inviteStaffSchema } from "./schema";
import { hashToken, isWellFormedToken, newToken } from "./tokens.server";
import type { Invalid } from "./accounts.server";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface Actor {
  userId: string;
  memberships: readonly MembershipGrant[];
}

export type InviteStaffResult =
  | { ok: true; invitationId: string }
  | Invalid
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "already_member"; fieldErrors: Record<string, string> };

/** A manager invites a person by e-mail; the one-time link (valid 7 days) goes to the mail queue. */
export async function inviteStaff(
  db: Database,
  args: { actor: Actor; input: unknown; origin: string; locale: Locale; logger: Logger },
  now = new Date(),
): Promise<InviteStaffResult> {
  const parsed = inviteStaffSchema.safeParse(args.input);
  if (!parsed.success) return { ok: false, reason: "invalid", fieldErrors: fieldErrors(parsed.error) };
  const { organisationId, email, role } = parsed.data;
  if (!canInviteStaff(args.actor.memberships, organisationId)) return { ok: false, reason: "forbidden" };
  const outcome = await transact(db, { userId: args.actor.userId, organisationId }, async ({ db: tx, audit }) => {
    const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
    if (!organisation) return { ok: false as const, reason: "forbidden" as const };
    const [member] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, organisationId), eq(users.email, email)));
    if (member) return { ok: false as const, reason: "already_member" as const, fieldErrors: { email: "auth.v.alreadyMember" } };
    const invitation = await issueInvitation({ db: tx, audit }, {
      organisation,
      email,
      role,
      communeId: null,
      invitedBy: args.actor.userId,
      origin: args.origin,
      locale: args.locale,
      now,
    });
    return { ok: true as const, invitationId: invitation.id };
  });
  if (!outcome.ok) return outcome;
  return { ok: true, invitationId: outcome.invitationId };
}

/**
 * Writes an invitation and queues its mail with the one-time link (absolute, from `origin`), inside the caller's
 * transaction; the one way staff and commune officers are invited.
 */
export async function issueInvitation(
  tx: Pick<Tx, "db" | "audit">,
  args: {
    organisation: { id: string; name: string; nameEn: string | null };
    email: string;
    role: Role;
    communeId: number | null;
    invitedBy: string;
    origin: string;
    locale: Locale;
    now: Date;
  },
): Promise<{ id: string; expiresAt: Date }> {
  const token = newToken();
  const link = `${args.origin}/invitations/accept?token=${token}`;
  const [invitation] = await tx.db
    .insert(staffInvitations)
    .values({
      organisationId: args.organisation.id,
      email: args.email,
      role: args.role,
      communeId: args.communeId,
      tokenHash: hashToken(token),
      expiresAt: new Date(args.now.getTime() + INVITATION_TTL_MS),
      invitedBy: args.invitedBy,
    })
    .returning();
  if (!invitation) throw new Error("invitation was not created");
  await tx.audit({
    entityType: "invitation",
    entityId: invitation.id,
    action: "create",
    organisationId: args.organisation.id,
    after: { email: args.email, role: args.role, communeId: args.communeId ?? undefined, expiresAt: invitation.expiresAt },
  });
  const organisationName = localized(args.locale, args.organisation.name, args.organisation.nameEn);
  await queueMail(tx.db, {
    to: args.email,
    locale: args.locale,
    kind: "staff_invitation",
    subject: translate(args.locale, "auth.mail.invite.subject", { organisation: organisationName }),
    bodyText: translate(args.locale, "auth.mail.invite.body", {
      organisation: organisationName,
      role: translate(args.locale, `auth.role.${args.role}`),
      link,
      days: INVITATION_TTL_MS / 86_400_000,
    }),
  });
  return { id: invitation.id, expiresAt: invitation.expiresAt };
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  organisation: { id: string; slug: string; name: string; nameEn: string | null };
  /** Whether an account with the invited address exists (then its password confirms the acceptance). */
  accountExists: boolean;
}

/** The invitation a link stands for, when it is still open; null for unknown, used or expired links. */
export async function findOpenInvitation(db: Database, token: unknown, now = new Date()): Promise<InvitationView | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db
    .select({
      id: staffInvitations.id,
      email: staffInvitations.email,
      role: staffInvitations.role,
      organisationId: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      nameEn: organisations.nameEn,
    })
    .from(staffInvitations)
    .innerJoin(organisations, eq(organisations.id, staffInvitations.organisationId))
    .where(
      and(eq(staffInvitations.tokenHash, hashToken(token)), isNull(staffInvitations.acceptedAt), gt(staffInvitations.expiresAt, now)),
    );
  if (!row) return null;
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, row.email));
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    organisation: { id: row.organisationId, slug: row.slug, name: row.name, nameEn: row.nameEn },
    accountExists: Boolean(account),
  };
}

export type AcceptInvitationResult =
  | { ok: true; userId: string; organisationId: string }
  | Invalid
  | { ok: false; reason: "token_invalid" }
  | { ok: false; reason: "wrong_password"; fieldErrors: Record<string, string> };

/**
 * Accepts an invitation once. A new address gets an account (name and password given here); an
 * existing account proves itself with its password. Either way the membership is created.
 */
export async function acceptInvitation(db: Database, input: unknown, now = new Date()): Promise<AcceptInvitationResult> {
  const parsed = acceptInvitationSchema.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.token) return { ok: false, reason: "token_invalid" };
    return { ok: false, reason: "invalid", fieldErrors: errors };
  }
  const invitation = await findOpenInvitation(db, parsed.data.token, now);
  if (!invitation) return { ok: false, reason: "token_invalid" };
  const [existing] = await db.select().from(users).where(eq(users.email, invitation.email));
  let newPasswordHash: string | null = null;
  if (existing?.passwordHash) {
    if (!(await verifyPassword(parsed.data.password, existing.passwordHash))) {
      return { ok: false, reason: "wrong_password", fieldErrors: { password: "auth.v.currentPasswordWrong" } };
    }
  } else {
    const errors: Record<string, string> = {};
    if (!parsed.data.displayName && !existing) errors.displayName = "auth.v.nameRequired";
    if (parsed.data.password.length < 8) errors.password = "auth.v.passwordTooShort";
    if (Object.keys(errors).length) return { ok: false, reason: "invalid", fieldErrors: errors };
    newPasswordHash = await hashPassword(parsed.data.password);
  }
  try {
    return await transact(db, systemActor, async ({ db: tx, audit }) => {
      const [claimed] = await tx
        .update(staffInvitations)
        .set({ acceptedAt: now })
        .where(and(eq(staffInvitations.id, invitation.id), isNull(staffInvitations.acceptedAt), gt(staffInvitations.expiresAt, now)))
        .returning();
      if (!claimed) return { ok: false as const, reason: "token_invalid" as const };
      let userId = existing?.id;
      if (!userId) {
        const [created] = await tx
          .insert(users)
          .values({ email: invitation.email, displayName: parsed.data.displayName ?? invitation.email, passwordHash: newPasswordHash })
          .returning({ id: users.id });
        if (!created) throw new Error("user was not created");
        userId = created.id;
      } else if (newPasswordHash) {
        await tx.update(users).set({ passwordHash: newPasswordHash, updatedAt: now }).where(eq(users.id, userId));
      }
      await tx.update(staffInvitations).set({ acceptedBy: userId }).where(eq(staffInvitations.id, invitation.id));
      const [membership] = await tx
        .insert(memberships)
        .values({ userId, organisationId: invitation.organisation.id, role: claimed.role, communeId: claimed.communeId })
        .onConflictDoNothing({ target: [memberships.userId, memberships.organisationId] })
        .returning();
      if (membership) {
        await audit({
          actorUserId: userId,
          organisationId: invitation.organisation.id,
          entityType: "membership",
          entityId: membership.id,
          action: "create",
          after: { userId, email: invitation.email, role: membership.role, communeId: membership.communeId ?? undefined, invitationId: invitation.id, invitedBy: claimed.invitedBy },
        });
      }
      return { ok: true as const, userId, organisationId: invitation.organisation.id };
    });
  } catch (error) {
    // The same address signed up between the check and the insert: ask again, it now has an account.
    if (isUniqueViolation(error, "users_email_unique")) return { ok: false, reason: "token_invalid" };
    throw error;
  }
}
