/**
 * Downloads of dashboard tables: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
 * Vietnamese text right; CRLF lines as RFC 4180 says) and XLSX. Both write exactly the rows and the
 * totals row the page shows (app/insights/tables.ts); numbers stay numbers.
 */
import type { CellValue, DataTable } from "./tables";
import { writeXlsx } from "./xlsx.server";

export const exportFormats = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof exportFormats)[number];

function csvCell(value: CellValue): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell that a spreadsheet would run as a formula is written as text (CSV injection). */
function neutralise(value: CellValue): CellValue {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function matrix(table: DataTable): CellValue[][] {
  const rows = [table.columns.map((c) => c.label), ...table.rows];
  // An empty table shows no totals row on the page, so its download has none either.
  if (table.total && table.rows.length > 0) rows.push(table.total);
  return rows.map((r) => r.map(neutralise));
}

export function tableToCsv(table: DataTable): string {
  return "\uFEFF" + matrix(table).map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * The sheet is named after the table's title in the reader's language. Excel's rules: 1-31 characters, none of
 * : \ / ? * [ ], not starting or ending with an apostrophe; the table's id when nothing of the title is left.
 */
export function sheetName(table: Pick<DataTable, "id" | "title">): string {
  const visible = [...table.title.normalize("NFC")].map((c) => (c.charCodeAt(0) < 0x20 ? " " : c)).join("");
  const cleaned = visible.replace(/[:\\/?*[\]]/g, " ").replace(/\s+/g, " ").trim();
  const cut = [...cleaned].slice(0, 31).join("").trim().replace(/^'+|'+$/g, "").trim();
  return cut.length > 0 ? cut : table.id.slice(0, 31);
}

export function tableToXlsx(table: DataTable): Uint8Array<ArrayBuffer> {
  return writeXlsx({
    name: sheetName(table),
    widths: table.columns.map((c) => Math.max(12, Math.min(40, c.label.length + 4))),
    rows: matrix(table),
  });
}

/** The file name of a download: view, table and period, ASCII only. */
export function exportFileName(view: string, table: DataTable, period: { from: string; to: string }, format: ExportFormat): string {
  return `ocop-${view}-${table.id}-${period.from}-${period.to}.${format}`.replace(/[^A-Za-z0-9._-]/g, "-");
}

export function exportResponse(view: string, table: DataTable, period: { from: string; to: string }, format: ExportFormat): Response {
  const name = exportFileName(view, table, period, format);
  const headers = {
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (format === "csv") return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(tableToXlsx(table), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
