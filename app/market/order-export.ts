/**
 * CSV as Excel opens it: UTF-8 with a byte-order mark (so Vietnamese letters survive), CRLF line
 * ends, RFC 4180 quoting, and text that a spreadsheet would run as a formula neutralised.
 */
export const CSV_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as they are; text quoted when needed and never read as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
    return String(value);
  }
  // A leading apostrophe makes Excel and LibreOffice show the text instead of evaluating it.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const lines = [header.map((h) => csvCell(h)).join(","), ...rows.map((r) => r.map(csvCell).join(","))];
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
