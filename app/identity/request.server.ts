/**
 * Identity at the HTTP edge: who is asking, and may they? Framework-free (standard Request and
 * Response), so routes pass `{ request, context }` straight from their loader or action arguments.
 */
import { cleanFormData } from "~/lib/form-values";
import type { Database } from "#db/client.server";
import { CSRF_FIELD } from "./csrf";
import { hasRoleIn, isAdmin, type Role } from "./roles";
import {
  clearSessionCookieHeader,
  createSession,
  deleteSession,
  getViewerBySession,
  isSecureRequest,
  readCookie,
  sessionCookieHeader,
  sessionIdFromRequest,
  type Viewer,
  type ViewerMembership,
} from "./sessions.server";
import { hmac, newToken, safeEqual, sign, unsign } from "./tokens.server";

/** What the HTTP server puts in the load context for identity. */
export interface IdentityServices {
  sessionSecret: string;
}

export interface RequestArgs {
  request: Request;
  context: { db: Database; identity: IdentityServices };
}

export type { Viewer, ViewerMembership };

// Root and page loaders of one request share the lookup.
const viewerCache = new WeakMap<Request, Promise<Viewer | null>>();

/** The signed-in viewer, or null. */
export function getViewer({ request, context }: RequestArgs): Promise<Viewer | null> {
  let pending = viewerCache.get(request);
  if (!pending) {
    const sessionId = sessionIdFromRequest(context.identity.sessionSecret, request);
    pending = sessionId ? getViewerBySession(context.db, sessionId) : Promise.resolve(null);
    viewerCache.set(request, pending);
  }
  return pending;
}

function redirectResponse(location: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("Location", location);
  return new Response(null, { status: 302, headers: h });
}

/** The viewer; a signed-out visitor is sent to /login and brought back afterwards. */
export async function requireUser(args: RequestArgs): Promise<Viewer> {
  const viewer = await getViewer(args);
  if (viewer) return viewer;
  const url = new URL(args.request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirectResponse(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * The viewer and their membership in the organisation. Not a member: 404 (the organisation's
 * existence is not confirmed); a member without one of `roles` (any role when empty): 403.
 */
export async function requireMembership(
  args: RequestArgs,
  organisationId: string,
  roles: readonly Role[] = [],
): Promise<{ viewer: Viewer; membership: ViewerMembership }> {
  const viewer = await requireUser(args);
  const membership = viewer.memberships.find((m) => m.organisationId === organisationId);
  if (!membership) throw new Response("Not Found", { status: 404 });
  if (!hasRoleIn(viewer.memberships, organisationId, roles)) throw new Response("Forbidden", { status: 403 });
  return { viewer, membership };
}

/** Same as requireMembership, by the organisation's slug (workspace URLs carry slugs). */
export async function requireMembershipBySlug(
  args: RequestArgs,
  slug: string,
  roles: readonly Role[] = [],
): Promise<{ viewer: Viewer; membership: ViewerMembership }> {
  const viewer = await requireUser(args);
  const membership = viewer.memberships.find((m) => m.organisation.slug === slug);
  if (!membership) throw new Response("Not Found", { status: 404 });
  return requireMembership(args, membership.organisationId, roles);
}

/** Platform administrators only; anyone else signed in gets 403. */
export async function requireAdmin(args: RequestArgs): Promise<Viewer> {
  const viewer = await requireUser(args);
  if (!isAdmin(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  return viewer;
}

/** Starts a session for a user; returns the Set-Cookie header value to send with the redirect. */
export async function startSession(args: RequestArgs, userId: string): Promise<string> {
  const session = await createSession(args.context.db, userId);
  return sessionCookieHeader(args.context.identity.sessionSecret, session.id, isSecureRequest(args.request));
}

/** Ends the current session (row deleted, cookie cleared); returns the Set-Cookie header value. */
export async function endSession(args: RequestArgs): Promise<string> {
  const sessionId = sessionIdFromRequest(args.context.identity.sessionSecret, args.request);
  if (sessionId) await deleteSession(args.context.db, sessionId);
  return clearSessionCookieHeader(isSecureRequest(args.request));
}

export function redirectWithCookie(location: string, setCookie: string): Response {
  return redirectResponse(location, { "Set-Cookie": setCookie });
}

export { redirectResponse as redirectTo };

// ---- CSRF ---------------------------------------------------------------------------------------
// Signed in: the token is an HMAC of the session id. Signed out: double-submit, the token is an HMAC
// of a random nonce held in a signed HttpOnly cookie that an attacker's page can neither read nor set.

export const CSRF_COOKIE = "__csrf";

function sessionCsrfToken(secret: string, sessionId: string): string {
  return hmac(secret, `csrf:session:${sessionId}`);
}

function nonceCsrfToken(secret: string, nonce: string): string {
  return hmac(secret, `csrf:anonymous:${nonce}`);
}

function csrfNonce(args: RequestArgs): string | null {
  const raw = readCookie(args.request.headers.get("Cookie"), CSRF_COOKIE);
  return raw ? unsign(args.context.identity.sessionSecret, raw) : null;
}

export interface CsrfIssue {
  token: string;
  /** A Set-Cookie header to send when a signed-out visitor had no CSRF cookie yet. */
  setCookie: string | null;
}

/**
 * The CSRF token for this visitor's forms. `issue: true` (pages with signed-out forms) creates the
 * cookie when missing; otherwise a signed-out visitor without one gets no token.
 */
export async function csrfTokenFor(args: RequestArgs, options: { issue: boolean }): Promise<CsrfIssue | null> {
  const secret = args.context.identity.sessionSecret;
  const viewer = await getViewer(args);
  if (viewer) return { token: sessionCsrfToken(secret, viewer.sessionId), setCookie: null };
  const nonce = csrfNonce(args);
  if (nonce) return { token: nonceCsrfToken(secret, nonce), setCookie: null };
  if (!options.issue) return null;
  const fresh = newToken();
  const secure = isSecureRequest(args.request);
  return {
    token: nonceCsrfToken(secret, fresh),
    setCookie: `${CSRF_COOKIE}=${encodeURIComponent(sign(secret, fresh))}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`,
  };
}

/** True when the form carries the token bound to this visitor's session (or CSRF cookie). */
export async function verifyCsrf(args: RequestArgs, form: FormData): Promise<boolean> {
  const sent = form.get(CSRF_FIELD);
  if (typeof sent !== "string" || sent.length === 0 || sent.length > 100) return false;
  const expected = await csrfTokenFor(args, { issue: false });
  return expected !== null && safeEqual(sent, expected.token);
}

export const CSRF_ERROR_KEY = "auth.csrf.invalid";

/**
 * The one CSRF check for actions: reads the form and returns it, or throws 403 with a message key
 * (`{ messageKey }` as JSON) that the error page can show.
 */
export async function requireCsrf(args: RequestArgs): Promise<FormData> {
  const form = cleanFormData(await args.request.formData());
  if (!(await verifyCsrf(args, form))) {
    throw Response.json({ messageKey: CSRF_ERROR_KEY }, { status: 403, statusText: "Forbidden" });
  }
  return form;
}

/** Same check, for actions that re-render their form with the message instead of an error page. */
export async function readFormWithCsrf(args: RequestArgs): Promise<{ form: FormData; csrfOk: boolean }> {
  const form = cleanFormData(await args.request.formData());
  return { form, csrfOk: await verifyCsrf(args, form) };
}
