/**
 * Pieces shared by the pages kept as bytes before Remix (the origin page, the storefront's result pages):
 * the Vietnam day a copy is filed under and its ETag (their links use the configured PUBLIC_URL).
 */
import { createHash } from "node:crypto";

/** The calendar day in Vietnam (UTC+7 all year), by arithmetic: this runs on every request of a hot path. */
export const vietnamDay = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/** A strong ETag from the body's hash. */
export const bodyEtag = (body: Buffer): string => `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
