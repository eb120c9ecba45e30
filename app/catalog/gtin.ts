/** GS1 GTIN check digits and normalisation to GTIN-14 (the form Digital Link URIs carry). Pure: safe in the browser. */

/**
 * The GS1 mod-10 check digit for the digits before it. Weights 3,1,3,… run from the right, so the
 * body of any GTIN length works (7, 11, 12 or 13 digits); a GTIN-14 has a 13-digit body.
 */
export function gtinCheckDigit(body13: string): number {
  if (!/^(\d{7}|\d{11,13})$/.test(body13)) throw new RangeError(`Not a GTIN body: ${body13}`);
  let sum = 0;
  for (let i = 0; i < body13.length; i += 1) {
    const digit = body13.charCodeAt(body13.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

function hasValidCheckDigit(code: string): boolean {
  return Number(code.at(-1)) === gtinCheckDigit(code.slice(0, -1));
}

export function isValidGtin14(s: string): boolean {
  return /^\d{14}$/.test(s) && hasValidCheckDigit(s);
}

/** GTIN-8, -12, -13 or -14 as a GTIN-14 (left-padded with zeros); null when it is not a valid GTIN. */
export function toGtin14(code: string): string | null {
  const digits = code.trim();
  if (!/^(\d{8}|\d{12,14})$/.test(digits) || !hasValidCheckDigit(digits)) return null;
  return digits.padStart(14, "0");
}

/** A GS1 Global Location Number (AI 414): 13 digits with a valid check digit. */
export function isValidGln(s: string): boolean {
  return /^\d{13}$/.test(s) && hasValidCheckDigit(s);
}
