/**
 * Labels for cheap thermal printers, as the printer's own command language: ZPL (Zebra and its clones) and TSPL
 * (TSC, Xprinter, most Chinese 203/300-dpi printers). One label per code, 50×30 or 40×30 mm at 203 or 300 dpi.
 *
 * - The QR code is the printer's native QR command (ZPL ^BQ, TSPL QRCODE) carrying exactly the label's URI, error
 *   correction M, module size a whole number of dots, placed with 4 modules of white on every side inside the label.
 * - Printable-ASCII text (dates, the GS1 element string, codes) prints in the printer's built-in font. Built-in fonts
 *   have no Vietnamese diacritics, so any line with a character outside ASCII (the product name, "Lô", "Hạn dùng")
 *   is sent as a 1-bit bitmap (ZPL ^GF, TSPL BITMAP) drawn from Be Vietnam Pro by the given TextRenderer.
 * - Every field is laid out inside the label: text wraps, shrinks, and what cannot fit is left out.
 *
 * Pure: the caller passes the text renderer (text-raster.server.ts).
 */
import QRCode from "qrcode";
import { isPrintableAscii, words, wrapPieces } from "./label-layout";
import type { LabelSize, ThermalDpi, ThermalLanguage } from "./labels";

/** A 1-bit image, row-major, one byte per pixel: 1 = black. */
export interface Bitmap {
  width: number;
  height: number;
  bits: Uint8Array;
}

export interface TextRenderer {
  /** Advance width in dots of `text` at `size` dots per em. */
  measure(text: string, size: number, bold: boolean): number;
  rasterize(text: string, size: number, bold: boolean): Bitmap;
}

export interface ThermalInput {
  language: ThermalLanguage;
  size: LabelSize;
  dpi: ThermalDpi;
  productName: string;
  /** Lot, dates: already captioned and formatted ("Lô: TC-01", "NSX: 02/11/2026"). */
  infoLines: string[];
  /** One label per entry; `human`: the human-readable lines (GS1 element string or short code). */
  labels: { uri: string; human: string[] }[];
  text: TextRenderer;
}

export const QUIET_ZONE = 4;
const LABEL_MM: Record<LabelSize, { w: number; h: number }> = { "50x30": { w: 50, h: 30 }, "40x30": { w: 40, h: 30 } };

/** A printer font chosen for a wanted height in dots: its cell height and the most a character can advance. */
interface PrinterFont {
  name: string;
  height: number;
  advance: number;
}

// TSPL's fixed-pitch bitmap fonts "1"–"4" (width × height in dots), the same on 203 and 300 dpi printers.
const TSPL_FONTS: PrinterFont[] = [
  { name: "4", advance: 24, height: 32 },
  { name: "3", advance: 16, height: 24 },
  { name: "2", advance: 12, height: 20 },
  { name: "1", advance: 8, height: 12 },
];

function printerFont(language: ThermalLanguage, wanted: number): PrinterFont {
  if (language === "tspl") return TSPL_FONTS.find((f) => f.height <= wanted) ?? (TSPL_FONTS[TSPL_FONTS.length - 1] as PrinterFont);
  // ZPL font 0 (CG Triumvirate Bold Condensed) scales to ^A0N,h,w: no glyph is wider than w = 0.6 h. ^FB clips anyway.
  const height = Math.max(10, Math.round(wanted));
  return { name: "0", height, advance: Math.ceil(height * 0.6) };
}

type ColumnField = Exclude<Field, { kind: "qr" }>;
type Field =
  | { kind: "qr"; x: number; y: number; cell: number; uri: string }
  | { kind: "bitmap"; x: number; y: number; bitmap: Bitmap }
  | { kind: "text"; x: number; y: number; font: PrinterFont; width: number; text: string };

/** The symbol size (modules across) of a URI as one byte segment at level M: what the printer draws at most. */
export function qrModules(uri: string): number {
  return QRCode.create([{ data: Buffer.from(uri, "utf8"), mode: "byte" }], { errorCorrectionLevel: "M" }).modules.size;
}

function cropBitmap(bitmap: Bitmap, width: number, height: number): Bitmap {
  if (bitmap.width <= width && bitmap.height <= height) return bitmap;
  const w = Math.max(1, Math.min(bitmap.width, width));
  const h = Math.max(1, Math.min(bitmap.height, height));
  const bits = new Uint8Array(w * h);
  for (let y = 0; y < h; y += 1) bits.set(bitmap.bits.subarray(y * bitmap.width, y * bitmap.width + w), y * w);
  return { width: w, height: h, bits };
}

interface Geometry {
  width: number;
  height: number;
  pad: number;
  zone: number;
  column: { x: number; y: number; w: number; h: number };
  band: { x: number; y: number; w: number; h: number };
}

function geometry(size: LabelSize, dpi: ThermalDpi): Geometry {
  const dpmm = dpi / 25.4;
  const width = Math.round(LABEL_MM[size].w * dpmm);
  const height = Math.round(LABEL_MM[size].h * dpmm);
  const pad = Math.round(1 * dpmm);
  const gap = Math.round(0.5 * dpmm);
  const bandHeight = Math.round(4.6 * dpmm);
  const zone = height - 2 * pad - bandHeight - gap;
  return {
    width,
    height,
    pad,
    zone,
    column: { x: pad + zone + gap, y: pad, w: width - 2 * pad - zone - gap, h: zone },
    band: { x: pad, y: pad + zone + gap, w: width - 2 * pad, h: bandHeight },
  };
}

/** The product name and info lines as fields relative to the column's top-left, fitted once per file. */
function layoutColumn(input: ThermalInput, col: Geometry["column"]): ColumnField[] {
  const dpmm = input.dpi / 25.4;
  const cache = new Map<string, Bitmap>();
  const raster = (text: string, size: number, bold: boolean) => {
    const key = `${bold}|${size}|${text}`;
    let b = cache.get(key);
    if (!b) {
      b = input.text.rasterize(text, size, bold);
      cache.set(key, b);
    }
    return b;
  };
  const attempt = (scale: number, last: boolean) => {
    const fields: ColumnField[] = [];
    let y = 0;
    const nameSize = Math.max(8, Math.round(2.3 * dpmm * scale));
    const infoSize = Math.max(8, Math.round(1.9 * dpmm * scale));
    const nameLines = wrapPieces(words(input.productName), (s) => input.text.measure(s, nameSize, true), col.w);
    let whole = nameLines.length <= 4;
    for (const line of nameLines.slice(0, 4)) {
      const bitmap = cropBitmap(raster(line, nameSize, true), col.w, col.h - y);
      fields.push({ kind: "bitmap", x: 0, y, bitmap });
      y += bitmap.height;
    }
    y += Math.round(0.4 * dpmm * scale);
    for (const info of input.infoLines) {
      if (isPrintableAscii(info)) {
        const font = printerFont(input.language, infoSize);
        const lines = wrapPieces(words(info), (s) => s.length * font.advance, col.w);
        if (lines.length > 1) whole = false;
        for (const line of lines) {
          fields.push({ kind: "text", x: 0, y, font, width: col.w, text: line });
          y += font.height + 2;
        }
      } else {
        const lines = wrapPieces(words(info), (s) => input.text.measure(s, infoSize, false), col.w);
        if (lines.length > 1) whole = false;
        for (const line of lines) {
          const bitmap = cropBitmap(raster(line, infoSize, false), col.w, col.h);
          fields.push({ kind: "bitmap", x: 0, y, bitmap });
          y += bitmap.height;
        }
      }
    }
    const fits = y <= col.h;
    if (!last && (!fits || !whole)) return null;
    // At the smallest scale: keep what fits, leave the rest out.
    return fields.filter((f) => f.y + (f.kind === "bitmap" ? f.bitmap.height : f.kind === "text" ? f.font.height : 0) <= col.h);
  };
  for (let scale = 1; scale > 0.55; scale -= 0.05) {
    const fields = attempt(scale, false);
    if (fields) return fields;
  }
  return attempt(0.55, true) as ColumnField[];
}

/** The fields of every label: QR, column, band. */
export function thermalFields(input: ThermalInput): { width: number; height: number; labels: Field[][] } {
  const g = geometry(input.size, input.dpi);
  const column = layoutColumn(input, g.column).map((f) => ({ ...f, x: f.x + g.column.x, y: f.y + g.column.y }) as Field);
  const labels = input.labels.map((label) => {
    const n = qrModules(label.uri);
    const cell = Math.floor(g.zone / (n + 2 * QUIET_ZONE));
    // Modules under 0.25 mm do not survive a cheap print head or a phone camera.
    if (cell < Math.ceil((0.25 * input.dpi) / 25.4)) throw new RangeError(`URI too long for a ${input.size} mm label at ${input.dpi} dpi`);
    const fields: Field[] = [{ kind: "qr", x: g.pad + QUIET_ZONE * cell, y: g.pad + QUIET_ZONE * cell, cell, uri: label.uri }];
    fields.push(...column);
    // The band: the human-readable lines in the printer's font (they are ASCII), the largest size that fits.
    const ascii = label.human.map((h) => h.replace(/[^\x20-\x7e]/g, "?"));
    const sizes = input.language === "tspl" ? TSPL_FONTS.map((f) => f.height) : Array.from({ length: Math.round(2 * (input.dpi / 25.4)) - 9 }, (_, i) => Math.round(2 * (input.dpi / 25.4)) - i);
    // TSPL's bitmap font cells carry their own leading; ZPL's font 0 gets one dot between lines.
    const advance = (font: PrinterFont) => font.height + (input.language === "zpl" ? 1 : 0);
    let chosen: { font: PrinterFont; lines: string[] } | null = null;
    for (const wanted of sizes) {
      const font = printerFont(input.language, wanted);
      chosen = { font, lines: wrapPieces(ascii, (s) => s.length * font.advance, g.band.w) };
      if (chosen.lines.length * advance(font) <= g.band.h) break;
    }
    if (chosen) {
      // At the smallest font, what does not fit is left out rather than printed over the edge.
      const lines = chosen.lines.slice(0, Math.floor(g.band.h / advance(chosen.font)));
      const font = chosen.font;
      const top = g.band.y + Math.floor((g.band.h - lines.length * advance(font)) / 2);
      lines.forEach((line, i) => fields.push({ kind: "text", x: g.band.x, y: top + i * advance(font), font, width: g.band.w, text: line }));
    }
    return fields;
  });
  return { width: g.width, height: g.height, labels };
}

/** ZPL field data: ^ and ~ start commands, so those (and the hex indicator _) go as _XX under ^FH. */
function zplData(data: string): { fh: string; data: string } {
  if (!/[\^~_]/.test(data)) return { fh: "", data };
  return { fh: "^FH_", data: data.replace(/[\^~_]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`) };
}

function packRows(bitmap: Bitmap, blackIsOne: boolean): { rowBytes: number; bytes: Uint8Array } {
  const rowBytes = Math.ceil(bitmap.width / 8);
  const bytes = new Uint8Array(rowBytes * bitmap.height).fill(blackIsOne ? 0 : 0xff);
  for (let y = 0; y < bitmap.height; y += 1)
    for (let x = 0; x < bitmap.width; x += 1)
      if (bitmap.bits[y * bitmap.width + x]) {
        const i = y * rowBytes + (x >> 3);
        bytes[i] = blackIsOne ? (bytes[i] as number) | (0x80 >> (x & 7)) : (bytes[i] as number) & ~(0x80 >> (x & 7));
      }
  return { rowBytes, bytes };
}

function zpl(width: number, height: number, labels: Field[][]): Buffer {
  const hexCache = new Map<Bitmap, string>();
  const out: string[] = [];
  for (const fields of labels) {
    out.push(`^XA^CI28^PW${width}^LL${height}^LH0,0`);
    for (const f of fields) {
      if (f.kind === "qr") {
        const d = zplData(`MA,${f.uri}`);
        out.push(`^FO${f.x},${f.y}^BQN,2,${f.cell}${d.fh}^FD${d.data}^FS`);
      } else if (f.kind === "bitmap") {
        let field = hexCache.get(f.bitmap);
        if (!field) {
          const { rowBytes, bytes } = packRows(f.bitmap, true);
          field = `^GFA,${bytes.length},${bytes.length},${rowBytes},${Buffer.from(bytes).toString("hex").toUpperCase()}`;
          hexCache.set(f.bitmap, field);
        }
        out.push(`^FO${f.x},${f.y}${field}^FS`);
      } else {
        const d = zplData(f.text);
        out.push(`^FO${f.x},${f.y}^A0N,${f.font.height},${f.font.advance}^FB${f.width},1,0,L,0${d.fh}^FD${d.data}^FS`);
      }
    }
    out.push("^PQ1^XZ");
  }
  return Buffer.from(`${out.join("\n")}\n`, "utf8");
}

/** TSPL strings are in double quotes; a quote inside one is written \["]. */
const tsplString = (s: string) => `"${s.replace(/"/g, '\\["]')}"`;

function tspl(size: LabelSize, labels: Field[][]): Buffer {
  const mm = LABEL_MM[size];
  const parts: Buffer[] = [Buffer.from(`SIZE ${mm.w} mm,${mm.h} mm\r\nGAP 2 mm,0 mm\r\nDIRECTION 1,0\r\nREFERENCE 0,0\r\n`, "latin1")];
  const packed = new Map<Bitmap, Buffer>();
  for (const fields of labels) {
    parts.push(Buffer.from("CLS\r\n", "latin1"));
    for (const f of fields) {
      if (f.kind === "qr") parts.push(Buffer.from(`QRCODE ${f.x},${f.y},M,${f.cell},A,0,${tsplString(f.uri)}\r\n`, "latin1"));
      else if (f.kind === "bitmap") {
        let data = packed.get(f.bitmap);
        if (!data) {
          // TSPL bitmaps print the 0 bits.
          const { rowBytes, bytes } = packRows(f.bitmap, false);
          data = Buffer.concat([Buffer.from(`${rowBytes},${f.bitmap.height},0,`, "latin1"), Buffer.from(bytes), Buffer.from("\r\n", "latin1")]);
          packed.set(f.bitmap, data);
        }
        parts.push(Buffer.from(`BITMAP ${f.x},${f.y},`, "latin1"), data);
      } else parts.push(Buffer.from(`TEXT ${f.x},${f.y},"${f.font.name}",0,1,1,${tsplString(f.text)}\r\n`, "latin1"));
    }
    parts.push(Buffer.from("PRINT 1,1\r\n", "latin1"));
  }
  return Buffer.concat(parts);
}

/** The printer file: ZPL (text) or TSPL (text with binary bitmaps). */
export function thermalLabels(input: ThermalInput): Buffer {
  const { width, height, labels } = thermalFields(input);
  return input.language === "zpl" ? zpl(width, height, labels) : tspl(input.size, labels);
}
