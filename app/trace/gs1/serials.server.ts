/**
 * Unguessable serials (AI 21) and short codes for products without a GTIN.
 *
 * Format: 13 characters of Crockford base32 (0-9 A-Z without I L O U), upper case, carrying 65 random
 * bits from node:crypto. Every character is in GS1 character set 82 (and set 39) and RFC 3986 unreserved,
 * so a code needs no percent-encoding in a URI and fits AI (21) X..20. 13 characters keep the QR small.
 *
 * Short paths of the app's own (products without a GTIN), resolved next to /01/...:
 *   /t/{code}            a batch
 *   /t/{code}/{serial}   a serialised unit of that batch
 * Uniqueness across runs is the database's job (a unique index); within a run `issueSerials` guarantees it.
 */
import { randomBytes } from "node:crypto";

export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 13;
/** Random bits in one code: 13 × 5. */
export const CODE_BITS = CODE_LENGTH * 5;
/** Largest run `issueSerials` issues at once (a batch's label run). */
export const MAX_SERIALS_PER_RUN = 100_000;

const BYTES_PER_CODE = Math.ceil(CODE_BITS / 8);
const CODE_PATTERN = new RegExp(`^[${CROCKFORD_ALPHABET}]{${CODE_LENGTH}}$`);

function encode(bytes: Uint8Array, offset: number): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  let index = offset;
  for (let i = 0; i < CODE_LENGTH; i += 1) {
    if (bits < 5) {
      buffer = ((buffer << 8) | (bytes[index] as number)) & 0xffff;
      index += 1;
      bits += 8;
    }
    bits -= 5;
    out += CROCKFORD_ALPHABET[(buffer >> bits) & 31];
  }
  return out;
}

/** `count` distinct serials, each with 65 random bits. */
export function issueSerials(count: number): string[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SERIALS_PER_RUN) {
    throw new RangeError(`Serial count must be an integer from 0 to ${MAX_SERIALS_PER_RUN}`);
  }
  const seen = new Set<string>();
  while (seen.size < count) {
    // One crypto call per run, not per serial; a repeat (odds ~1e-10 per run) just draws again.
    const missing = count - seen.size;
    const bytes = randomBytes(missing * BYTES_PER_CODE);
    for (let i = 0; i < missing; i += 1) seen.add(encode(bytes, i * BYTES_PER_CODE));
  }
  return [...seen];
}

/** A batch code for the app's own short path, 65 random bits. */
export function shortCode(): string {
  return encode(randomBytes(BYTES_PER_CODE), 0);
}

/** Whether a string is a code in canonical form (13 upper-case Crockford characters). */
export function isCode(value: string): boolean {
  return CODE_PATTERN.test(value);
}

/**
 * A code as a person may type it from a label: case-insensitive, with I/L read as 1 and O as 0,
 * hyphens and spaces ignored (Crockford's rules). Null when it cannot be a code.
 */
export function normaliseCode(input: string): string | null {
  const cleaned = input
    .replace(/[\s-]/g, "")
    .toUpperCase()
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  return isCode(cleaned) ? cleaned : null;
}

export type ShortPathFailureReason = "path_too_long" | "not_a_short_path" | "bad_code" | "bad_serial";

export type ShortPathParseResult =
  | { ok: true; code: string; serial: string | null; canonicalPath: string }
  | { ok: false; reason: ShortPathFailureReason; detail: string };

export const SHORT_PATH_PREFIX = "/t/";

export function formatShortPath(code: string, serial?: string | null): string {
  if (!isCode(code)) throw new RangeError(`Not a code: ${code}`);
  if (serial != null && !isCode(serial)) throw new RangeError(`Not a serial: ${serial}`);
  return serial == null ? `${SHORT_PATH_PREFIX}${code}` : `${SHORT_PATH_PREFIX}${code}/${serial}`;
}

/**
 * Parses /t/{code} or /t/{code}/{serial}; one trailing slash and lower case are tolerated
 * (canonicalPath says where to redirect); anything else, including a query, is rejected.
 */
export function parseShortPath(path: string): ShortPathParseResult {
  if (path.length > 64) return { ok: false, reason: "path_too_long", detail: "longer than 64 characters" };
  if (!path.startsWith(SHORT_PATH_PREFIX)) {
    return { ok: false, reason: "not_a_short_path", detail: `must start with ${SHORT_PATH_PREFIX}` };
  }
  const parts = path.slice(SHORT_PATH_PREFIX.length).split("/");
  if (parts.length > 1 && parts.at(-1) === "") parts.pop();
  if (parts.length < 1 || parts.length > 2) {
    return { ok: false, reason: "not_a_short_path", detail: "expected /t/{code} or /t/{code}/{serial}" };
  }
  const [rawCode = "", rawSerial] = parts;
  const code = rawCode.toUpperCase();
  if (!isCode(code)) return { ok: false, reason: "bad_code", detail: `a code is ${CODE_LENGTH} Crockford base32 characters` };
  const serial = rawSerial === undefined ? null : rawSerial.toUpperCase();
  if (serial !== null && !isCode(serial)) {
    return { ok: false, reason: "bad_serial", detail: `a serial is ${CODE_LENGTH} Crockford base32 characters` };
  }
  return { ok: true, code, serial, canonicalPath: formatShortPath(code, serial) };
}
