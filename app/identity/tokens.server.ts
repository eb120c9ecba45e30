import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A URL-safe random token: 32 bytes (256 bits), so it cannot be guessed. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a one-time token: its SHA-256 in hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Tokens from a URL are checked for shape before any lookup. */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function hmac(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value, "utf8").digest("base64url");
}

/** Compares two strings in time that depends only on their length. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `value.signature`, HMAC-SHA256 under the secret. */
export function sign(secret: string, value: string): string {
  return `${value}.${hmac(secret, value)}`;
}

/** The value of a signed string, or null when the signature does not match. */
export function unsign(secret: string, signed: string): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  return safeEqual(hmac(secret, value), signed.slice(dot + 1)) ? value : null;
}
