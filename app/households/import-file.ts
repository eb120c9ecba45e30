/**
 * Reading a cooperative's spreadsheet (CSV or XLSX) into rows of cells, whatever tool wrote it:
 * UTF-8 with or without a byte-order mark, Windows-1258 (Vietnamese Windows, whose tone marks are
 * combining characters, so text is normalised to NFC), merged cells, and dates typed as text or
 * stored as Excel serial numbers. Framework-free; nothing here touches the database.
 */
import * as XLSX from "@e965/xlsx";
import { MAX_IMPORT_BYTES, MAX_IMPORT_CELLS, MAX_IMPORT_ROWS } from "./import-columns";
import { checkZip } from "./zip-guard.server";

export type Cell = string | number | boolean | null;

export interface SheetRow {
  /** Row number as the spreadsheet shows it (1 is the heading row). */
  line: number;
  cells: Cell[];
  /** The row lies under a merged range: its values were not typed in this row. */
  merged: boolean;
}

export type FileEncoding = "utf-8" | "utf-8-bom" | "windows-1258" | "xlsx";

export type ReadResult =
  | { ok: true; encoding: FileEncoding; header: string[]; rows: SheetRow[] }
  | { ok: false; reason: ReadRefusal };

export type ReadRefusal = "unreadable" | "empty" | "tooLarge" | "unpackedTooLarge" | "tooManyRows" | "tooManyCells";

/** How much a file may hold: past either limit the reading stops at once, without building the rest. */
export interface ReadLimits {
  /** Rows with something in them, the heading included. */
  rows: number;
  /** Cells read, blank or not. */
  cells: number;
}

const IMPORT_LIMITS: ReadLimits = { rows: MAX_IMPORT_ROWS + 1, cells: MAX_IMPORT_CELLS };


const blank = (c: Cell) => c === null || (typeof c === "string" && c.trim() === "");

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b.length > 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Decodes CSV bytes: a UTF-8 BOM wins; valid UTF-8 is UTF-8; anything else is read as Windows-1258. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Exclude<FileEncoding, "xlsx"> } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)).normalize("NFC"), encoding: "utf-8-bom" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes).normalize("NFC"), encoding: "utf-8" };
  } catch {
    // Node's full ICU has windows-1258; its tone marks are combining characters, hence NFC.
    return { text: new TextDecoder("windows-1258").decode(bytes).normalize("NFC"), encoding: "windows-1258" };
  }
}

/**
 * RFC 4180 CSV with the delimiter Excel used (comma, semicolon in Vietnamese locales, or tab). Stops as soon as
 * the text holds more non-blank rows or more cells than `limits` allow, and says which.
 */
export function parseCsv(text: string, limits: ReadLimits = { rows: Infinity, cells: Infinity }): string[][] | "tooManyRows" | "tooManyCells" {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = ([",", ";", "\t"] as const).map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let filled = 0;
  let cells = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = "";
      if (++cells > limits.cells) return "tooManyCells";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      if (++cells > limits.cells) return "tooManyCells";
      if (!row.every(blank) && ++filled > limits.rows) return "tooManyRows";
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    if (++cells > limits.cells) return "tooManyCells";
    if (!row.every(blank) && ++filled > limits.rows) return "tooManyRows";
    rows.push(row);
  }
  return rows;
}

/** Rows as read: `line` is the row's number in the file (1-based); rows with nothing in them may be left out. */
interface ReadRow {
  line: number;
  cells: Cell[];
  merged: boolean;
}

function finish(encoding: FileEncoding, matrix: ReadRow[]): ReadResult {
  const headerIndex = matrix.findIndex((r) => !r.cells.every(blank));
  if (headerIndex < 0) return { ok: false, reason: "empty" };
  const header = matrix[headerIndex]!.cells.map((c) => (c === null ? "" : String(c).normalize("NFC").trim()));
  const rows: SheetRow[] = [];
  for (let i = headerIndex + 1; i < matrix.length; i++) {
    const r = matrix[i]!;
    if (r.cells.every(blank)) continue;
    rows.push({ line: r.line, cells: r.cells.map((c) => (typeof c === "string" ? c.normalize("NFC") : c)), merged: r.merged });
  }
  if (rows.length === 0) return { ok: false, reason: "empty" };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, reason: "tooManyRows" };
  return { ok: true, encoding, header, rows };
}

/**
 * Reads a CSV or XLSX file from its bytes (the declared name is never trusted for the format). Synchronous and
 * CPU-bound: the server runs it on a worker thread (import-reader.server.ts), never on its event loop.
 */
export function readSpreadsheet(bytes: Uint8Array, limits: ReadLimits = IMPORT_LIMITS): ReadResult {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, reason: "tooLarge" };
  if (isZip(bytes)) return readXlsx(bytes, limits);
  if (isOle(bytes)) return { ok: false, reason: "unreadable" };
  if (bytes.subarray(0, 4096).includes(0)) return { ok: false, reason: "unreadable" };
  const { text, encoding } = decodeText(bytes);
  const table = parseCsv(text, limits);
  if (typeof table === "string") return { ok: false, reason: table };
  return finish(
    encoding,
    table.map((cells, i) => ({ line: i + 1, cells, merged: false })),
  );
}

/** Columns past this are not read: every importable list has far fewer. */
const MAX_COLUMNS = 100;

function readXlsx(bytes: Uint8Array, limits: ReadLimits): ReadResult {
  // What the archive unpacks to is bounded before the library inflates it.
  const zip = checkZip(bytes);
  if (!zip.ok) return { ok: false, reason: zip.reason === "tooLarge" ? "unpackedTooLarge" : "unreadable" };
  let book: XLSX.WorkBook;
  try {
    // The first sheet only: the others are never read.
    book = XLSX.read(bytes, { type: "array", sheets: 0, cellDates: false, cellFormula: false, cellHTML: false, dense: false });
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  const sheetName = book.SheetNames[0];
  const sheet = sheetName ? book.Sheets[sheetName] : undefined;
  if (!sheet) return { ok: false, reason: "empty" };
  // The cells that are there, not the sheet's declared range: a range of A1:XFD1048576 (a whole-column format, or
  // a hostile file) would be seventeen billion cells to visit.
  const byRow = new Map<number, Map<number, Cell>>();
  let width = 0;
  let cells = 0;
  for (const address of Object.keys(sheet)) {
    if (address.startsWith("!")) continue;
    if (++cells > limits.cells) return { ok: false, reason: "tooManyCells" };
    const { r, c } = XLSX.utils.decode_cell(address);
    if (c >= MAX_COLUMNS) continue;
    const cell = sheet[address] as XLSX.CellObject;
    let value: Cell;
    if (cell.v === undefined || cell.t === "z" || cell.t === "e") continue;
    else if (cell.t === "d") value = cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
    else value = cell.v as string | number | boolean;
    if (blank(value)) continue;
    const row = byRow.get(r) ?? new Map<number, Cell>();
    row.set(c, value);
    byRow.set(r, row);
    width = Math.max(width, c + 1);
  }
  if (byRow.size === 0) return { ok: false, reason: "empty" };
  // The heading and MAX_IMPORT_ROWS rows at most (checked again on the rows kept).
  if (byRow.size > limits.rows) return { ok: false, reason: "tooManyRows" };
  const present = [...byRow.keys()].sort((a, b) => a - b);
  // Rows under a merged range, in one sweep (a range may span a million rows; there may be many ranges).
  const spans = (sheet["!merges"] ?? []).map((m) => [m.s.r, m.e.r] as const).sort((a, b) => a[0] - b[0]);
  const mergedRows = new Set<number>();
  let next = 0;
  let reach = -1;
  for (const r of present) {
    while (next < spans.length && spans[next]![0] <= r) reach = Math.max(reach, spans[next++]![1]);
    if (r <= reach) mergedRows.add(r);
  }
  const matrix = present.map((r) => {
    const cells = Array.from({ length: width }, (_, c) => byRow.get(r)!.get(c) ?? null);
    return { line: r + 1, cells, merged: mergedRows.has(r) };
  });
  return finish("xlsx", matrix);
}

/** Excel's 1900 date system: serial 1 is 1900-01-01; 60 is the fictitious 1900-02-29. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466 || serial === 60) return null;
  const whole = Math.floor(serial);
  const days = whole > 60 ? whole - 1 : whole;
  const date = new Date(Date.UTC(1899, 11, 31) + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/**
 * A date cell as ISO yyyy-mm-dd: an Excel serial, "dd/mm/yyyy" (Vietnamese order; also with - or .),
 * or "yyyy-mm-dd". Null when it cannot be read or is not a real date.
 */
export function parseDateCell(cell: Cell): string | null {
  if (cell === null || typeof cell === "boolean") return null;
  if (typeof cell === "number") return excelSerialToIso(cell);
  const v = cell.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (/^\d{5}(\.\d+)?$/.test(v)) return excelSerialToIso(Number(v));
  else return null;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2100) return null;
  return iso;
}

/** A cell as the text a form field would carry (numbers without exponent or float noise). */
export function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isInteger(cell) ? String(cell) : String(Math.round(cell * 1000) / 1000);
  if (typeof cell === "boolean") return cell ? "1" : "0";
  return cell.trim();
}
