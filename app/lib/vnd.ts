/**
 * The one reader of VND amounts typed by people, for every form and import of the app. Money is
 * whole đồng: plain digits ("85000"), or digits grouped by thousands with one separator used
 * throughout ("85.000", "85,000", "1 250 000"), optionally followed or preceded by a currency mark
 * ("₫", "đ", "VND"). Anything else — a decimal part ("85000,5"), groups of the wrong size
 * ("8.50.00"), mixed separators — is refused rather than read as another amount.
 */

export type VndProblem = "empty" | "negative" | "not_whole" | "too_large";

/** Ceiling of any single amount the app accepts (100 billion đồng). */
export const MAX_VND = 100_000_000_000;

const CURRENCY_MARK = /^(?:₫|đ|vnd|vnđ)\s*|\s*(?:₫|đ|vnd|vnđ)$/giu;

/** Returns the digits without separators, or null when the text is not a whole-đồng amount. */
export function wholeVndDigits(text: string): string | null {
  const value = text.trim().replace(CURRENCY_MARK, "").trim();
  if (/^\d+$/.test(value)) return value;
  if (/^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$/.test(value)) return value.replace(/[.,\s]/g, "");
  return null;
}

export function parseVnd(text: string, max: number = MAX_VND): { ok: true; value: number } | { ok: false; problem: VndProblem } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, problem: "empty" };
  if (/^[-−(]/.test(trimmed)) return { ok: false, problem: "negative" };
  const digits = wholeVndDigits(trimmed);
  if (digits === null) return { ok: false, problem: "not_whole" };
  if (digits.length > 15) return { ok: false, problem: "too_large" };
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > max) return { ok: false, problem: "too_large" };
  return { ok: true, value };
}
