/**
 * Order numbers: "DH-" and 8 Crockford base32 characters (40 random bits), e.g. "DH-7K3M9QX2".
 * No I, L, O or U, so a number read over the phone cannot be mistaken. Matches the CHECK on orders.number.
 */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const ORDER_NUMBER_PATTERN = /^DH-[0-9A-HJKMNP-TV-Z]{8}$/;

export function isOrderNumber(value: unknown): value is string {
  return typeof value === "string" && ORDER_NUMBER_PATTERN.test(value);
}

/** The order number made of 5 random bytes (8 × 5 bits). */
export function orderNumberFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 5) throw new RangeError("An order number needs exactly 5 random bytes");
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 7; i >= 0; i--) out += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `DH-${out}`;
}

export function newOrderNumber(): string {
  return orderNumberFromBytes(globalThis.crypto.getRandomValues(new Uint8Array(5)));
}

/**
 * What a person typed, read as an order number: case and spaces ignored, the letters Crockford base32
 * folds (O→0, I/L→1) folded, the "DH-" prefix optional. Null when it cannot be one.
 */
export function parseOrderNumber(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  const body = (compact.startsWith("DH") ? compact.slice(2) : compact).replace(/O/g, "0").replace(/[IL]/g, "1");
  const candidate = `DH-${body}`;
  return isOrderNumber(candidate) ? candidate : null;
}

/** The sub-order reference for the n-th cooperative of an order (also the bank-transfer note). */
export function subOrderReference(orderNumber: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Sub-order index starts at 1: ${n}`);
  return `${orderNumber}-${n}`;
}
