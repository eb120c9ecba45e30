import { and, eq, gt, isNull, like } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
import { memberships, organisations, passwordResetTokens, users, type Organisation, type User } from "#db/schema";
import { clearAttempts, takeAttempt, throttleRules } from "~/lib/throttle.server";
import { systemActor, transact } from "~/lib/transact.server";
import { fieldErrors } from "~/lib/field-errors";
import type { Logger } from "~/lib/logger";
import { translate, type Locale } from "~/lib/i18n";
import { firstFreeSlug, slugify } from "~/lib/slug";
import { queueMail } from "~/notifications/queue.server";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "./password.server";
import { changePasswordSchema, forgotPasswordSchema, resetPasswordSchema, signInSchema, signUpSchema } from "./schema";
import { deleteOtherSessions } from "./sessions.server";
import { hashToken, newToken } from "./tokens.server";

export type Invalid = { ok: false; reason: "invalid"; fieldErrors: Record<string, string> };

export type SignUpResult =
  | { ok: true; user: User; organisation: Organisation | null }
  | Invalid
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "email_taken"; fieldErrors: Record<string, string> };

const EMAIL_TAKEN: SignUpResult = { ok: false, reason: "email_taken", fieldErrors: { email: "auth.v.emailTaken" } };

/**
 * A consumer account, or a person registering a new organisation: the organisation stays pending
 * until an admin approves it, and its founder becomes its cooperative manager.
 */
export async function signUp(db: Database, input: unknown, context: { clientAddress: string; now?: Date }): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", fieldErrors: fieldErrors(parsed.error) };
  const decision = await takeAttempt(db, [{ rule: throttleRules.signUpAddress, key: context.clientAddress }], context.now);
  if (!decision.ok) return decision;
  const data = parsed.data;
  const passwordHash = await hashPassword(data.password);
  // Two organisations registered at once under one name may pick the same free slug: the loser retries.
  for (let attempt = 1; ; attempt++) {
    try {
      return await signUpOnce(db, data, passwordHash);
    } catch (error) {
      // Two sign-ups with one address at once: the loser gets the same answer as a taken address.
      if (isUniqueViolation(error, "users_email_unique")) return EMAIL_TAKEN;
      if (attempt < 3 && isUniqueViolation(error, "organisations_slug_unique")) continue;
      throw error;
    }
  }
}

async function signUpOnce(
  db: Database,
  data: ReturnType<typeof signUpSchema.parse>,
  passwordHash: string,
): Promise<SignUpResult> {
  // The account does not exist yet: its entries name it as the actor once it is created.
  return transact(db, systemActor, async ({ db: tx, audit }) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (existing) return EMAIL_TAKEN;
    const [user] = await tx
      .insert(users)
      .values({ email: data.email, displayName: data.displayName, passwordHash })
      .returning();
    if (!user) throw new Error("user was not created");
    if (data.accountType !== "organisation" || !data.organisationName || !data.organisationKind) {
      return { ok: true as const, user, organisation: null };
    }
    const base = slugify(data.organisationName) || "to-chuc";
    const similar = await tx
      .select({ slug: organisations.slug })
      .from(organisations)
      .where(like(organisations.slug, `${base}%`));
    const [organisation] = await tx
      .insert(organisations)
      .values({
        slug: firstFreeSlug(base, new Set(similar.map((s) => s.slug))),
        kind: data.organisationKind,
        status: "pending",
        name: data.organisationName,
        email: data.email,
      })
      .returning();
    if (!organisation) throw new Error("organisation was not created");
    const [membership] = await tx
      .insert(memberships)
      .values({ userId: user.id, organisationId: organisation.id, role: "cooperative_manager" })
      .returning();
    if (!membership) throw new Error("membership was not created");
    await audit({
      actorUserId: user.id,
      organisationId: organisation.id,
      entityType: "organisation",
      entityId: organisation.id,
      action: "register",
      after: { slug: organisation.slug, name: organisation.name, kind: organisation.kind, status: organisation.status },
    });
    await audit({
      actorUserId: user.id,
      organisationId: organisation.id,
      entityType: "membership",
      entityId: membership.id,
      action: "create",
      after: { userId: user.id, email: user.email, role: membership.role },
    });
    return { ok: true as const, user, organisation };
  });
}

export type SignInResult =
  | { ok: true; user: User }
  | Invalid
  /** Unknown e-mail and wrong password get this same answer. */
  | { ok: false; reason: "credentials" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks e-mail and password. Each attempt is counted per account and per client address in one statement BEFORE
 * the password is hashed (app/lib/throttle.server.ts), so a burst of concurrent guesses gets at most the limit
 * evaluated; a success clears the account's count. A locked-out owner can still reset the password by mail.
 */
export async function signIn(db: Database, input: unknown, context: { clientAddress: string; now?: Date }): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", fieldErrors: fieldErrors(parsed.error) };
  const { email, password } = parsed.data;
  const account = { rule: throttleRules.signInAccount, key: email };
  const decision = await takeAttempt(db, [account, { rule: throttleRules.signInAddress, key: context.clientAddress }], context.now);
  if (!decision.ok) return decision;

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !user.passwordHash || !matches) return { ok: false, reason: "credentials" };
  await clearAttempts(db, [account]);
  if (needsRehash(user.passwordHash)) {
    await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, user.id));
  }
  return { ok: true, user };
}

export type ChangePasswordResult = { ok: true } | Invalid | { ok: false; reason: "wrong_password"; fieldErrors: Record<string, string> };

/** Needs the current password; every other session of the user ends. */
export async function changePassword(
  db: Database,
  args: { userId: string; currentSessionId: string | null; input: unknown },
): Promise<ChangePasswordResult> {
  const parsed = changePasswordSchema.safeParse(args.input);
  if (!parsed.success) return { ok: false, reason: "invalid", fieldErrors: fieldErrors(parsed.error) };
  const [user] = await db.select().from(users).where(eq(users.id, args.userId));
  if (!user?.passwordHash || !(await verifyPassword(parsed.data.currentPassword, user.passwordHash))) {
    return { ok: false, reason: "wrong_password", fieldErrors: { currentPassword: "auth.v.currentPasswordWrong" } };
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  await transact(db, { userId: user.id, organisationId: null }, async ({ db: tx }) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    await deleteOtherSessions(tx, user.id, args.currentSessionId);
    return { ok: true as const };
  });
  return { ok: true };
}

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Always answers the same, whether or not the address has an account; when it has, a one-time link
 * valid for one hour goes to the mail queue (sent by the worker, outside this request).
 */
export async function requestPasswordReset(
  db: Database,
  args: { input: unknown; origin: string; locale: Locale; logger: Logger; clientAddress: string },
  now = new Date(),
): Promise<{ ok: true } | Invalid | { ok: false; reason: "throttled"; retryAfterSeconds: number }> {
  const parsed = forgotPasswordSchema.safeParse(args.input);
  if (!parsed.success) return { ok: false, reason: "invalid", fieldErrors: fieldErrors(parsed.error) };
  // Counted whether or not the address has an account, so the answer tells nothing: at most 3 mails (and 3 live
  // links) an hour for one e-mail address.
  const decision = await takeAttempt(
    db,
    [
      { rule: throttleRules.passwordResetAccount, key: parsed.data.email },
      { rule: throttleRules.passwordResetAddress, key: args.clientAddress },
    ],
    now,
  );
  if (!decision.ok) return decision;
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, parsed.data.email));
  if (!user) return { ok: true };
  const token = newToken();
  const link = `${args.origin}/reset-password?token=${token}`;
  const queued = await transact(db, { userId: user.id, organisationId: null }, async ({ db: tx }) => {
    await tx
      .insert(passwordResetTokens)
      .values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) });
    const messageId = await queueMail(tx, {
      to: user.email,
      locale: args.locale,
      kind: "password_reset",
      subject: translate(args.locale, "auth.mail.reset.subject"),
      bodyText: translate(args.locale, "auth.mail.reset.body", { link, minutes: RESET_TOKEN_TTL_MS / 60_000 }),
    });
    return { ok: true as const, messageId };
  });
  return queued.ok ? { ok: true } : queued;
}

/** A reset link that is known, unused and not expired, or null. */
export async function findUsableResetToken(db: Database, token: string, now = new Date()) {
  const [row] = await db
    .select({ id: passwordResetTokens.id, userId: passwordResetTokens.userId })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashToken(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    );
  return row ?? null;
}

export type ResetPasswordResult = { ok: true; userId: string } | Invalid | { ok: false; reason: "token_invalid" };

/** Uses a reset link once: sets the new password and ends every session of the account. */
export async function resetPassword(db: Database, input: unknown, now = new Date()): Promise<ResetPasswordResult> {
  const parsed = resetPasswordSchema.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.token) return { ok: false, reason: "token_invalid" };
    return { ok: false, reason: "invalid", fieldErrors: errors };
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  return transact(db, systemActor, async ({ db: tx }) => {
    // The conditional update is the claim: of two uses at once, only one finds the row unused.
    const [claimed] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashToken(parsed.data.token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!claimed) return { ok: false as const, reason: "token_invalid" as const };
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, claimed.userId));
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, claimed.userId));
    await deleteOtherSessions(tx, claimed.userId, null);
    // Other links sent before this one die with it.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, claimed.userId), isNull(passwordResetTokens.usedAt)));
    // A locked-out owner who reset the password by mail may sign in again at once.
    if (user) await clearAttempts(tx, [{ rule: throttleRules.signInAccount, key: user.email }]);
    return { ok: true as const, userId: claimed.userId };
  });
}
