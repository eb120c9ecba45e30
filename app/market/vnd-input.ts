/**
 * A whole-đồng amount as people type it: plain digits ("85000"), or digits grouped by thousands
 * with one separator used throughout ("85.000", "85,000", "1 250 000"). Anything else — a decimal
 * part ("85000,5"), groups of the wrong size ("8.50.00") — is not read, rather than read as another
 * amount. Returns the digits without separators, or null.
 */
export function wholeVndDigits(text: string): string | null {
  const value = text.trim();
  if (/^\d+$/.test(value)) return value;
  if (/^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$/.test(value)) return value.replace(/[.,\s]/g, "");
  return null;
}
