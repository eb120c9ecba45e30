import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#db/client.server";
import {
  appMeta,
  auditEvents,
  memberships,
  organisations,
  outboxMessages,
  passwordResetTokens,
  sessions,
  staffInvitations,
  users,
} from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { listAuditEvents, recordAudit } from "~/audit/audit.server";
import { memoryLogger, silentLogger } from "~/lib/logger";
import { changePassword, requestPasswordReset, resetPassword, signIn, signUp } from "./accounts.server";
import { throttleRules } from "~/lib/throttle.server";

let clients = 0;
/** A client address of its own for each call (documentation range), so tests meet only the throttle they mean to. */
const client = () => ({ clientAddress: `192.0.2.${++clients % 250}.${clients}` });
import { acceptInvitation, findOpenInvitation, inviteStaff } from "./invitations.server";
import { listOutbox, queueMail, runMailQueue } from "~/notifications/queue.server";
import type { OutboxMessage } from "#db/schema";
import { memoryChannel } from "../../tests/setup/mail";
import type { Channel } from "~/notifications/channel";
import { approveOrganisation, listPendingOrganisations } from "./organisations.server";
import { hashPassword } from "./password.server";
import {
  csrfTokenFor,
  endSession,
  getViewer,
  requireAdmin,
  requireMembership,
  requireUser,
  startSession,
  verifyCsrf,
  type RequestArgs,
} from "./request.server";
import { resolveSessionSecret } from "./secret.server";
import { createSession, getViewerBySession } from "./sessions.server";

let handle: TestDatabase;
let db: Database;
const channel = memoryChannel();
const origin = "http://test.local";
const secret = "test-secret-".padEnd(48, "x");

function linkIn(message: OutboxMessage | undefined): string {
  const match = /(https?:\/\/\S+)/.exec(message?.bodyText ?? "");
  if (!match?.[1]) throw new Error("no link in message");
  return match[1];
}

function tokenOf(link: string): string {
  return new URL(link).searchParams.get("token") ?? "";
}

function args(cookie?: string): RequestArgs {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  return { request: new Request(`${origin}/somewhere?x=1`, { headers }), context: { db, identity: { sessionSecret: secret } } };
}

function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0] ?? "";
}

async function createOrganisation(slug: string, status: "pending" | "active" = "active", kind: "cooperative" | "platform" = "cooperative") {
  const [row] = await db.insert(organisations).values({ slug, kind, status, name: `Tổ chức ${slug}` }).returning();
  return row!;
}

async function createMember(email: string, organisationId: string | null, role?: "admin" | "cooperative_manager" | "cooperative_staff") {
  const [user] = await db
    .insert(users)
    .values({ email, displayName: email.split("@")[0]!, passwordHash: await hashPassword("correct horse battery") })
    .returning();
  if (organisationId && role) await db.insert(memberships).values({ userId: user!.id, organisationId, role });
  return user!;
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle?.dispose();
});

describe("sign-up", () => {
  it("creates a consumer with a hashed password and no membership", async () => {
    const result = await signUp(db, { accountType: "consumer", displayName: "Lan", email: "Lan@Example.vn", password: "mật khẩu dài" }, client());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.email).toBe("lan@example.vn");
    expect(result.user.passwordHash).toMatch(/^\$scrypt\$/);
    expect(result.organisation).toBeNull();
    expect(await db.select().from(memberships).where(eq(memberships.userId, result.user.id))).toEqual([]);
  });

  it("registers a pending organisation with its founder as manager, audited", async () => {
    const result = await signUp(db, {
      accountType: "organisation",
      displayName: "Hoàng Văn Minh",
      email: "minh@htx-moi.vn",
      password: "mật khẩu dài",
      organisationName: "HTX Chè Mới",
      organisationKind: "cooperative",
    }, client());
    expect(result.ok).toBe(true);
    if (!result.ok || !result.organisation) throw new Error("expected an organisation");
    expect(result.organisation).toMatchObject({ slug: "htx-che-moi", status: "pending", kind: "cooperative" });
    const [membership] = await db.select().from(memberships).where(eq(memberships.organisationId, result.organisation.id));
    expect(membership).toMatchObject({ userId: result.user.id, role: "cooperative_manager" });
    const audit = await listAuditEvents(db, { organisationId: result.organisation.id });
    expect(audit.map((a) => `${a.entityType}:${a.action}`).sort()).toEqual(["membership:create", "organisation:register"]);
    expect(audit.every((a) => a.actorUserId === result.user.id)).toBe(true);

    const second = await signUp(db, {
      accountType: "organisation",
      displayName: "Người khác",
      email: "khac@htx-moi.vn",
      password: "mật khẩu dài",
      organisationName: "HTX Chè Mới",
      organisationKind: "cooperative",
    }, client());
    expect(second.ok && second.organisation?.slug).toBe("htx-che-moi-2");
  });

  it("gives organisations registered at the same moment under one name different slugs", async () => {
    const register = (n: number) =>
      signUp(db, {
        accountType: "organisation",
        displayName: `Người ${n}`,
        email: `dong.thoi.${n}@example.vn`,
        password: "mật khẩu dài",
        organisationName: "HTX Đồng Thời",
        organisationKind: "cooperative_group",
      }, client());
    const results = await Promise.all([register(1), register(2), register(3)]);
    const slugs = results.map((r) => (r.ok ? r.organisation?.slug : r.reason)).sort();
    expect(slugs).toEqual(["htx-dong-thoi", "htx-dong-thoi-2", "htx-dong-thoi-3"]);
  });

  it("refuses a taken email and bad input, writing nothing", async () => {
    const before = await db.select().from(users);
    const taken = await signUp(db, { accountType: "consumer", displayName: "X", email: "LAN@example.vn", password: "mật khẩu dài" }, client());
    expect(taken).toEqual({ ok: false, reason: "email_taken", fieldErrors: { email: "auth.v.emailTaken" } });
    const invalid = await signUp(db, { accountType: "organisation", displayName: "", email: "x@", password: "1" }, client());
    expect(invalid.ok).toBe(false);
    expect("fieldErrors" in invalid ? invalid.fieldErrors : {}).toMatchObject({
      displayName: "auth.v.nameRequired",
      email: "auth.v.emailInvalid",
      password: "auth.v.passwordTooShort",
    });
    expect((await db.select().from(users)).length).toBe(before.length);
  });

  it("rolls everything back when a later step fails (nothing half-written)", async () => {
    const usersBefore = (await db.select().from(users)).length;
    const organisationsBefore = (await db.select().from(organisations)).length;
    const auditBefore = (await db.select().from(auditEvents)).length;
    // The same database whose transactions fail after the function's last write.
    const failingDb: Database = Object.create(db);
    Object.defineProperty(failingDb, "transaction", {
      value: (fn: (tx: Database) => Promise<unknown>) =>
        db.transaction(async (tx) => {
          await fn(tx);
          throw new Error("boom after all inserts");
        }),
    });
    await expect(
      signUp(failingDb, {
        accountType: "organisation",
        displayName: "Rollback",
        email: "rollback@x.vn",
        password: "mật khẩu dài",
        organisationName: "HTX Rollback",
        organisationKind: "cooperative",
      }, client()),
    ).rejects.toThrow("boom after all inserts");
    expect((await db.select().from(users)).length).toBe(usersBefore);
    expect((await db.select().from(organisations)).length).toBe(organisationsBefore);
    expect((await db.select().from(auditEvents)).length).toBe(auditBefore);
  });
});

describe("sign-in, sessions and sign-out", () => {
  it("gives the same answer for an unknown email and a wrong password", async () => {
    expect(await signIn(db, { email: "nobody@example.vn", password: "whatever1" }, client())).toEqual({ ok: false, reason: "credentials" });
    expect(await signIn(db, { email: "lan@example.vn", password: "wrong password" }, client())).toEqual({ ok: false, reason: "credentials" });
    const ok = await signIn(db, { email: " LAN@example.vn ", password: "mật khẩu dài" }, client());
    expect(ok.ok).toBe(true);
  });

  it("locks an address out after repeated failures, known or not", async () => {
    await createMember("throttle@example.vn", null);
    for (let i = 0; i < throttleRules.signInAccount.limit; i++) {
      expect((await signIn(db, { email: "throttle@example.vn", password: "bad password" }, client())).ok).toBe(false);
      await signIn(db, { email: "ghost@example.vn", password: "bad password" }, client());
    }
    expect(await signIn(db, { email: "throttle@example.vn", password: "correct horse battery" }, client())).toMatchObject({ ok: false, reason: "throttled" });
    expect(await signIn(db, { email: "ghost@example.vn", password: "bad password" }, client())).toMatchObject({ ok: false, reason: "throttled" });
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect((await signIn(db, { email: "throttle@example.vn", password: "correct horse battery" }, { ...client(), now: later })).ok).toBe(true);
  });

  it("evaluates at most the limit of a concurrent burst of guesses; the right password after it waits too", async () => {
    await createMember("burst@example.vn", null);
    // Different client addresses, as a botnet would send them: the account's own count must hold.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signIn(db, { email: "burst@example.vn", password: `wrong guess ${i}` }, client())),
    );
    const evaluated = answers.filter((a) => !(a.ok === false && a.reason === "throttled"));
    expect(evaluated).toHaveLength(throttleRules.signInAccount.limit);
    expect(answers.filter((a) => a.ok === false && a.reason === "throttled").every((a) => "retryAfterSeconds" in a && a.retryAfterSeconds > 0)).toBe(true);
    expect(await signIn(db, { email: "burst@example.vn", password: "correct horse battery" }, client())).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("keeps a session in a signed cookie, and sign-out deletes the row", async () => {
    const user = await createMember("session@example.vn", null);
    const setCookie = await startSession(args(), user.id);
    expect(setCookie).toMatch(/^__session=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    const viewer = await getViewer(args(cookiePair(setCookie)));
    expect(viewer?.user.email).toBe("session@example.vn");

    // A cookie with a forged signature or another id is nobody.
    const forged = cookiePair(setCookie).replace(/\.[^.]+$/, ".forged");
    expect(await getViewer(args(forged))).toBeNull();

    const cleared = await endSession(args(cookiePair(setCookie)));
    expect(cleared).toContain("Max-Age=0");
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await getViewer(args(cookiePair(setCookie)))).toBeNull();
  });

  it("marks the cookie Secure on https and ignores expired sessions", async () => {
    const user = await createMember("secure@example.vn", null);
    const https: RequestArgs = { ...args(), request: new Request("https://ocop.example/login") };
    expect(await startSession(https, user.id)).toContain("; Secure");
    const old = await createSession(db, user.id, new Date(Date.now() - 31 * 24 * 3600 * 1000));
    expect(await getViewerBySession(db, old.id)).toBeNull();
  });
});

describe("authorisation helpers", () => {
  it("send a signed-out visitor to /login and back, and gate memberships and admin", async () => {
    const redirect = await thrown(requireUser(args()));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe("/login?redirectTo=%2Fsomewhere%3Fx%3D1");

    const coopA = await createOrganisation("authz-a");
    const coopB = await createOrganisation("authz-b");
    const platform = await createOrganisation("authz-platform", "active", "platform");
    const staff = await createMember("staff-a@example.vn", coopA.id, "cooperative_staff");
    const admin = await createMember("admin@example.vn", platform.id, "admin");
    const staffArgs = args(cookiePair(await startSession(args(), staff.id)));
    const adminArgs = args(cookiePair(await startSession(args(), admin.id)));

    expect((await requireMembership(staffArgs, coopA.id)).membership.role).toBe("cooperative_staff");
    expect((await thrown(requireMembership(staffArgs, coopB.id))).status).toBe(404);
    expect((await thrown(requireMembership(staffArgs, coopA.id, ["cooperative_manager"]))).status).toBe(403);
    expect((await thrown(requireAdmin(staffArgs))).status).toBe(403);
    expect((await requireAdmin(adminArgs)).user.email).toBe("admin@example.vn");
    expect((await thrown(requireMembership(adminArgs, coopA.id))).status).toBe(404);
  });
});

describe("CSRF", () => {
  function form(token: string | null): FormData {
    const f = new FormData();
    if (token !== null) f.set("csrf", token);
    return f;
  }

  it("binds the token to the session", async () => {
    const user = await createMember("csrf@example.vn", null);
    const signedIn = args(cookiePair(await startSession(args(), user.id)));
    const issued = await csrfTokenFor(signedIn, { issue: true });
    expect(issued?.setCookie).toBeNull();
    expect(await verifyCsrf(signedIn, form(issued!.token))).toBe(true);
    expect(await verifyCsrf(signedIn, form(null))).toBe(false);
    expect(await verifyCsrf(signedIn, form(""))).toBe(false);
    expect(await verifyCsrf(signedIn, form(`${issued!.token}x`))).toBe(false);
    const otherSession = args(cookiePair(await startSession(args(), user.id)));
    expect(await verifyCsrf(otherSession, form(issued!.token))).toBe(false);
  });

  it("uses a signed double-submit cookie when signed out", async () => {
    expect(await csrfTokenFor(args(), { issue: false })).toBeNull();
    const issued = await csrfTokenFor(args(), { issue: true });
    expect(issued?.setCookie).toMatch(/^__csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const withCookie = args(cookiePair(issued!.setCookie!));
    expect(await verifyCsrf(withCookie, form(issued!.token))).toBe(true);
    expect(await verifyCsrf(args(), form(issued!.token))).toBe(false);
    const forgedCookie = args(cookiePair(issued!.setCookie!).replace(/\.[^.]+$/, ".bad"));
    expect(await verifyCsrf(forgedCookie, form(issued!.token))).toBe(false);
  });
});

describe("password change", () => {
  it("needs the current password and ends the other sessions only", async () => {
    const user = await createMember("change@example.vn", null);
    const current = await createSession(db, user.id);
    const other = await createSession(db, user.id);
    const wrong = await changePassword(db, {
      userId: user.id,
      currentSessionId: current.id,
      input: { currentPassword: "not it at all", newPassword: "a new password", confirmPassword: "a new password" },
    });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: "auth.v.currentPasswordWrong" } });
    const done = await changePassword(db, {
      userId: user.id,
      currentSessionId: current.id,
      input: { currentPassword: "correct horse battery", newPassword: "a new password", confirmPassword: "a new password" },
    });
    expect(done).toEqual({ ok: true });
    const left = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(left.map((s) => s.id)).toEqual([current.id]);
    expect(left.map((s) => s.id)).not.toContain(other.id);
    expect((await signIn(db, { email: "change@example.vn", password: "a new password" }, client())).ok).toBe(true);
  });
});

describe("password reset", () => {
  it("answers the same for unknown addresses and writes nothing for them", async () => {
    const outboxBefore = (await db.select().from(outboxMessages)).length;
    expect(await requestPasswordReset(db, { input: { email: "nobody@nowhere.vn" }, origin, locale: "vi", logger: silentLogger, ...client() })).toEqual({ ok: true });
    expect((await db.select().from(outboxMessages)).length).toBe(outboxBefore);
  });

  it("sends a one-time link valid one hour that sets the password and ends all sessions", async () => {
    const user = await createMember("reset@example.vn", null);
    await createSession(db, user.id);
    expect(await requestPasswordReset(db, { input: { email: "Reset@Example.vn" }, origin, locale: "en", logger: silentLogger, ...client() })).toEqual({ ok: true });
    const [message] = await listOutbox(db, "reset@example.vn");
    expect(message).toMatchObject({ kind: "password_reset", subject: "OCOP Trace: reset your password", locale: "en", status: "pending" });
    // The request only queues the mail; the queue's worker sends it.
    await runMailQueue(db, { channels: [channel], publicUrl: origin, logger: silentLogger });
    expect(channel.sent.at(-1)).toMatchObject({ to: "reset@example.vn", kind: "password_reset", subject: "OCOP Trace: reset your password" });
    expect((await listOutbox(db, "reset@example.vn"))[0]?.sentAt).toBeInstanceOf(Date);
    const token = tokenOf(linkIn(message));
    expect(linkIn(message)).toBe(`${origin}/reset-password?token=${token}`);
    const [stored] = await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    expect(stored?.tokenHash).not.toContain(token);
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeGreaterThan(59 * 60 * 1000);
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeLessThanOrEqual(60 * 60 * 1000 + 1000);

    const mismatch = await resetPassword(db, { token, newPassword: "brand new pass", confirmPassword: "brand new pazz" });
    expect(mismatch).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { confirmPassword: "auth.v.passwordsDiffer" } });
    expect(await resetPassword(db, { token, newPassword: "brand new pass", confirmPassword: "brand new pass" })).toMatchObject({ ok: true });
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect((await signIn(db, { email: "reset@example.vn", password: "brand new pass" }, client())).ok).toBe(true);
    expect(await resetPassword(db, { token, newPassword: "again and again", confirmPassword: "again and again" })).toEqual({
      ok: false,
      reason: "token_invalid",
    });
  });

  it("refuses expired links", async () => {
    await createMember("expired@example.vn", null);
    const past = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await requestPasswordReset(db, { input: { email: "expired@example.vn" }, origin, locale: "vi", logger: silentLogger, ...client() }, past);
    const token = tokenOf(linkIn((await listOutbox(db, "expired@example.vn"))[0]));
    expect(await resetPassword(db, { token, newPassword: "brand new pass", confirmPassword: "brand new pass" })).toEqual({
      ok: false,
      reason: "token_invalid",
    });
  });
});

describe("staff invitations", () => {
  it("let a manager invite by one-time link; accepting creates the account and the membership", async () => {
    const coop = await createOrganisation("invite-coop");
    const other = await createOrganisation("invite-other");
    const manager = await createMember("manager@invite.vn", coop.id, "cooperative_manager");
    const staff = await createMember("staff@invite.vn", coop.id, "cooperative_staff");
    const actor = { userId: manager.id, memberships: [{ organisationId: coop.id, role: "cooperative_manager" as const }] };

    const refused = await inviteStaff(db, {
      actor: { userId: staff.id, memberships: [{ organisationId: coop.id, role: "cooperative_staff" }] },
      input: { organisationId: coop.id, email: "new@invite.vn", role: "cooperative_staff" },
      origin,
      locale: "vi",
      logger: silentLogger,
    });
    expect(refused).toEqual({ ok: false, reason: "forbidden" });
    const crossTenant = await inviteStaff(db, {
      actor,
      input: { organisationId: other.id, email: "new@invite.vn", role: "cooperative_staff" },
      origin,
      locale: "vi",
      logger: silentLogger,
    });
    expect(crossTenant).toEqual({ ok: false, reason: "forbidden" });
    const alreadyMember = await inviteStaff(db, {
      actor,
      input: { organisationId: coop.id, email: "STAFF@invite.vn", role: "cooperative_staff" },
      origin,
      locale: "vi",
      logger: silentLogger,
    });
    expect(alreadyMember).toMatchObject({ ok: false, reason: "already_member" });
    expect(await db.select().from(staffInvitations)).toEqual([]);

    const invited = await inviteStaff(db, {
      actor,
      input: { organisationId: coop.id, email: "New@Invite.vn", role: "cooperative_staff" },
      origin,
      locale: "vi",
      logger: silentLogger,
    });
    expect(invited.ok).toBe(true);
    const [message] = await listOutbox(db, "new@invite.vn");
    expect(message?.kind).toBe("staff_invitation");
    const token = tokenOf(linkIn(message));
    const view = await findOpenInvitation(db, token);
    expect(view).toMatchObject({ email: "new@invite.vn", role: "cooperative_staff", accountExists: false, organisation: { id: coop.id } });

    const missingName = await acceptInvitation(db, { token, password: "staff password" });
    expect(missingName).toMatchObject({ ok: false, fieldErrors: { displayName: "auth.v.nameRequired" } });
    const accepted = await acceptInvitation(db, { token, displayName: "Lò Thị Hoa", password: "staff password" });
    expect(accepted).toMatchObject({ ok: true, organisationId: coop.id });
    if (!accepted.ok) return;
    const [membership] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, accepted.userId), eq(memberships.organisationId, coop.id)));
    expect(membership?.role).toBe("cooperative_staff");
    expect((await signIn(db, { email: "new@invite.vn", password: "staff password" }, client())).ok).toBe(true);
    expect(await acceptInvitation(db, { token, displayName: "Again", password: "staff password" })).toEqual({
      ok: false,
      reason: "token_invalid",
    });
    const audit = await listAuditEvents(db, { organisationId: coop.id });
    expect(audit.map((a) => `${a.entityType}:${a.action}`).sort()).toEqual(["invitation:create", "membership:create"]);
  });

  it("link an existing account only with its password", async () => {
    const coop = await createOrganisation("invite-existing");
    const manager = await createMember("manager@existing.vn", coop.id, "cooperative_manager");
    await createMember("known@existing.vn", null);
    const actor = { userId: manager.id, memberships: [{ organisationId: coop.id, role: "cooperative_manager" as const }] };
    await inviteStaff(db, { actor, input: { organisationId: coop.id, email: "known@existing.vn", role: "cooperative_manager" }, origin, locale: "vi", logger: silentLogger, ...client() });
    const token = tokenOf(linkIn((await listOutbox(db, "known@existing.vn"))[0]));
    expect((await findOpenInvitation(db, token))?.accountExists).toBe(true);
    expect(await acceptInvitation(db, { token, password: "wrong password" })).toMatchObject({ ok: false, reason: "wrong_password" });
    expect(await db.select().from(memberships).where(eq(memberships.organisationId, coop.id))).toHaveLength(1);
    expect(await acceptInvitation(db, { token, password: "correct horse battery" })).toMatchObject({ ok: true });
    expect(await db.select().from(memberships).where(eq(memberships.organisationId, coop.id))).toHaveLength(2);
  });
});

describe("approval of organisations", () => {
  it("is for admins only, audited, and happens once", async () => {
    const platform = await createOrganisation("approval-platform", "active", "platform");
    const pending = await createOrganisation("approval-pending", "pending");
    const admin = await createMember("admin@approval.vn", platform.id, "admin");
    const manager = await createMember("manager@approval.vn", pending.id, "cooperative_manager");

    const listed = await listPendingOrganisations(db);
    expect(listed.find((o) => o.id === pending.id)?.managers).toEqual([{ displayName: "manager", email: "manager@approval.vn" }]);

    const byManager = await approveOrganisation(db, {
      actor: { userId: manager.id, memberships: [{ organisationId: pending.id, role: "cooperative_manager" }] },
      input: { organisationId: pending.id },
    });
    expect(byManager).toEqual({ ok: false, reason: "forbidden" });
    const adminActor = { userId: admin.id, memberships: [{ organisationId: platform.id, role: "admin" as const }] };
    expect(await approveOrganisation(db, { actor: adminActor, input: { organisationId: "not-a-uuid" } })).toEqual({ ok: false, reason: "invalid" });
    expect(await approveOrganisation(db, { actor: adminActor, input: { organisationId: pending.id } })).toEqual({ ok: true });
    expect(await approveOrganisation(db, { actor: adminActor, input: { organisationId: pending.id } })).toEqual({ ok: false, reason: "not_pending" });
    const [row] = await db.select().from(organisations).where(eq(organisations.id, pending.id));
    expect(row?.status).toBe("active");
    const [event] = await listAuditEvents(db, { entityType: "organisation", entityId: pending.id });
    expect(event).toMatchObject({ actorUserId: admin.id, action: "approve", changes: { before: { status: "pending" }, after: { status: "active" } } });
    expect((await listPendingOrganisations(db)).some((o) => o.id === pending.id)).toBe(false);
  });
});

describe("audit log", () => {
  it("keeps dates and big numbers as JSON and never stores secrets", async () => {
    const event = await recordAudit(db, {
      actorUserId: null,
      organisationId: null,
      entityType: "user",
      entityId: "x",
      action: "update",
      before: { passwordHash: "$scrypt$secret", at: new Date("2026-01-02T03:04:05Z"), price: 12n },
      after: { tokenHash: "abc", name: "<b>Lan</b>" },
    });
    expect(event.changes).toEqual({ before: { at: "2026-01-02T03:04:05.000Z", price: "12" }, after: { name: "<b>Lan</b>" } });
  });
});

describe("session secret", () => {
  it("prefers SESSION_SECRET, else generates one once and keeps it", async () => {
    const warnings: string[] = [];
    expect(await resolveSessionSecret(db, "configured-secret-of-at-least-32-chars", (m) => warnings.push(m))).toBe(
      "configured-secret-of-at-least-32-chars",
    );
    expect(warnings).toEqual([]);
    const first = await resolveSessionSecret(db, undefined, (m) => warnings.push(m));
    const second = await resolveSessionSecret(db, undefined, (m) => warnings.push(m));
    expect(first).toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(warnings[0]).toContain("SESSION_SECRET");
    expect(await db.select().from(appMeta).where(eq(appMeta.key, "session_secret"))).toHaveLength(1);
  });
});

describe("mail queue", () => {
  it("logs a failed delivery through the logger it is given, without the body, and keeps the message for a later attempt", async () => {
    // What earlier tests queued goes out first, so this run meets only its own message.
    await runMailQueue(db, { channels: [channel], publicUrl: origin, logger: silentLogger });
    const id = await queueMail(db, { to: "fails@example.vn", kind: "password_reset", subject: "S", bodyText: "secret link" });
    const logger = memoryLogger();
    const failing: Channel = { name: "email", send: async () => Promise.reject(new Error("smtp down")) };
    const now = new Date(Date.now() + 1000);
    expect(await runMailQueue(db, { channels: [failing], publicUrl: origin, logger, now })).toMatchObject({ sent: 0, failed: 1, givenUp: 0 });
    expect(logger.records).toEqual([
      {
        level: "warn",
        msg: "mail: sending a message failed",
        fields: { kind: "password_reset", messageId: id, attempts: 1, willRetry: true, error: "smtp down", errorName: "Error" },
      },
    ]);
    expect(JSON.stringify(logger.records)).not.toContain("secret link");
    expect((await listOutbox(db, "fails@example.vn"))[0]).toMatchObject({ sentAt: null, status: "pending", attempts: 1, lastError: "smtp down" });
    const later = new Date(now.getTime() + 31_000);
    expect(await runMailQueue(db, { channels: [channel], publicUrl: origin, logger, now: later })).toMatchObject({ sent: 1 });
    expect(channel.sent.at(-1)).toMatchObject({ id, to: "fails@example.vn", text: "secret link" });
  });
});
