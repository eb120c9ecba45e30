import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** scrypt cost: N = 2^15, r = 8 (32 MiB per hash), p = 1; OWASP's minimum for scrypt. */
export const SCRYPT_DEFAULTS = { logN: 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize("NFKC"), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password into `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64, no padding). */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_DEFAULTS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Checks a password against an encoded hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const match = ENCODED.exec(encoded);
  if (!match) return false;
  const [, ln, r, p, saltText, keyText] = match as unknown as [string, string, string, string, string, string];
  const params = { logN: Number(ln), r: Number(r), p: Number(p) };
  // Bounds keep a tampered row from asking for gigabytes of memory.
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 16 || params.p < 1 || params.p > 4) return false;
  const expected = Buffer.from(keyText, "base64");
  if (expected.length < 16) return false;
  const actual = await scrypt(password, Buffer.from(saltText, "base64"), expected.length, params);
  return timingSafeEqual(actual, expected);
}

/** True when a stored hash was made with weaker parameters than today's and should be redone. */
export function needsRehash(encoded: string): boolean {
  const match = ENCODED.exec(encoded);
  return !match || Number(match[1]) < SCRYPT_DEFAULTS.logN || Number(match[2]) < SCRYPT_DEFAULTS.r;
}

// Verifying against this when the e-mail is unknown makes both answers take the same time.
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(12).toString("hex"));
  return decoy;
}

function b64(buffer: Buffer): string {
  return buffer.toString("base64").replace(/=+$/, "");
}
