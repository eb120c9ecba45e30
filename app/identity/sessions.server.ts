import { and, eq, gt, lt, ne } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { memberships, organisations, sessions, users } from "#db/schema";
import type { Role } from "./roles";
import { sign, unsign } from "./tokens.server";

export const SESSION_COOKIE = "__session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ViewerMembership {
  organisationId: string;
  role: Role;
  /** A commune officer's commune; null for every other role. */
  communeId: number | null;
  organisation: { slug: string; name: string; nameEn: string | null; kind: string; status: "pending" | "active" | "suspended" };
}

/** The signed-in person as every loader sees them. */
export interface Viewer {
  sessionId: string;
  user: { id: string; email: string; displayName: string; locale: "vi" | "en" };
  memberships: ViewerMembership[];
}

export async function createSession(db: Database, userId: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const [row] = await db.insert(sessions).values({ userId, expiresAt }).returning({ id: sessions.id });
  if (!row) throw new Error("session was not created");
  return { id: row.id, expiresAt };
}

/** The viewer of a live session, or null when the session is unknown, expired or revoked. */
export async function getViewerBySession(db: Database, sessionId: string, now = new Date()): Promise<Viewer | null> {
  if (!UUID.test(sessionId)) return null;
  const [row] = await db
    .select({ sessionId: sessions.id, id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)));
  if (!row) return null;
  const grants = await listViewerMemberships(db, row.id);
  return {
    sessionId: row.sessionId,
    user: { id: row.id, email: row.email, displayName: row.displayName, locale: row.locale },
    memberships: grants,
  };
}

export async function listViewerMemberships(db: Database, userId: string): Promise<ViewerMembership[]> {
  const rows = await db
    .select({
      organisationId: memberships.organisationId,
      role: memberships.role,
      communeId: memberships.communeId,
      slug: organisations.slug,
      name: organisations.name,
      nameEn: organisations.nameEn,
      kind: organisations.kind,
      status: organisations.status,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organisations.name);
  return rows.map((r) => ({
    organisationId: r.organisationId,
    role: r.role,
    communeId: r.communeId,
    organisation: { slug: r.slug, name: r.name, nameEn: r.nameEn, kind: r.kind, status: r.status },
  }));
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user but one (after a password change, the current one stays). */
export async function deleteOtherSessions(db: Database, userId: string, keepSessionId: string | null): Promise<void> {
  await db
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Database, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** Reads a cookie's raw value out of a Cookie header. */
export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The session id of a request whose session cookie carries a valid signature, else null. */
export function sessionIdFromRequest(secret: string, request: Request): string | null {
  const raw = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  return raw ? unsign(secret, raw) : null;
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** HttpOnly, SameSite=Lax, 30 days, Secure on https: the session cookie. */
export function sessionCookieHeader(secret: string, sessionId: string, secure: boolean): string {
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  return `${SESSION_COOKIE}=${encodeURIComponent(sign(secret, sessionId))}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearSessionCookieHeader(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
