/**
 * Pieces shared by the pages kept as bytes before Remix (the origin page, the storefront's result pages):
 * the Vietnam day a copy is filed under, its ETag, and the origin its links are written for.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { requestOrigin } from "~/trace/resolver.server";

/** The calendar day in Vietnam (UTC+7 all year), by arithmetic: this runs on every request of a hot path. */
export const vietnamDay = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/** A strong ETag from the body's hash. */
export const bodyEtag = (body: Buffer): string => `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;

/** The origin the request was made to, as the page's absolute links must use it (a proxy's X-Forwarded-Proto heeded). */
export function originOfRequest(req: IncomingMessage): string {
  return requestOrigin(
    req.headers.host,
    Boolean((req.socket as TLSSocket).encrypted),
    typeof req.headers["x-forwarded-proto"] === "string" ? req.headers["x-forwarded-proto"] : undefined,
  );
}
