/**
 * QR codes and printable label sheets for batches and serialised units, and serial issuance.
 *
 * - The URI on a label: the GS1 Digital Link /01/{gtin}/10/{lot}[/21/{serial}] when the product has a
 *   GTIN (and the lot fits in a URI path), otherwise the app's short path /t/{code}[/{serial}].
 * - PDF: A4 sheets of 50×30 or 40×30 mm labels (pdfkit, Be Vietnam Pro embedded for Vietnamese
 *   diacritics). Each QR is one inline 1-bit image mask (a few hundred bytes) rather than hundreds of
 *   rectangles, so 10,000 unit labels stay small and fast.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, products, serialUnits } from "#db/schema";
import { transact } from "~/lib/transact.server";
import { formatDigitalLinkUri } from "./gs1/digital-link.server";
import { isPathSafeAiValue } from "./gs1/digital-link";
import { formatShortPath, issueSerials, MAX_SERIALS_PER_RUN } from "./gs1/serials.server";
import { fitText, humanReadable, words, type FittedText } from "./label-layout";
import type { LabelSize, ThermalDpi, ThermalLanguage } from "./labels";
import { vietnameseText } from "./text-raster.server";
import { thermalLabels } from "./thermal";

export interface LabelBatch {
  shortCode: string;
  lotCode: string;
  gtin: string | null;
}

/** The URI a label's QR code carries. */
export function labelUri(origin: string, batch: LabelBatch, serial: string | null = null): string {
  if (batch.gtin && isPathSafeAiValue(batch.lotCode)) {
    const key = serial ? { gtin: batch.gtin, lot: batch.lotCode, serial } : { gtin: batch.gtin, lot: batch.lotCode };
    return formatDigitalLinkUri(origin, key);
  }
  return `${origin.replace(/\/+$/, "")}${formatShortPath(batch.shortCode, serial)}`;
}

/** The code printed under the QR for people: the short code, and the serial of a unit. */
export function humanCode(batch: LabelBatch, serial: string | null): string {
  return serial ? `${batch.shortCode}-${serial}` : batch.shortCode;
}

/** Whether the label's URI is a GS1 Digital Link (the product has a GTIN and the lot fits a URI path). */
export function isDigitalLinkLabel(batch: LabelBatch): boolean {
  return Boolean(batch.gtin) && isPathSafeAiValue(batch.lotCode);
}

/** The human-readable lines printed beside the QR: the GS1 element string, or the short code (label-layout.ts). */
export function labelHumanReadable(batch: LabelBatch, serial: string | null = null): string[] {
  return humanReadable(batch, serial, isDigitalLinkLabel(batch));
}

/** Quiet zone of every QR the app prints: 4 modules of white on each side (ISO/IEC 18004, GS1). */
export const QUIET_ZONE_MODULES = 4;
const QR_OPTIONS = { errorCorrectionLevel: "M" as const, margin: QUIET_ZONE_MODULES };

export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { ...QR_OPTIONS, type: "svg" });
}

/**
 * A PNG at most `width` pixels wide with a whole number of pixels per module: a fractional scale would round the
 * quiet zone down to a hair under 4 modules on two sides and blur module edges.
 */
export function qrPng(uri: string, width = 512): Promise<Buffer> {
  const modules = QRCode.create(uri, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel }).modules.size + 2 * QUIET_ZONE_MODULES;
  return QRCode.toBuffer(uri, { ...QR_OPTIONS, type: "png", scale: Math.max(1, Math.floor(width / modules)) });
}

/**
 * The QR matrix of a label URI: one byte segment and a fixed mask skip qrcode's mode splitting and its 8-mask
 * search (10× faster, still valid). Row-major, true = dark.
 */
export function qrMatrix(uri: string): { size: number; dark: (row: number, col: number) => boolean } {
  const symbol = QRCode.create([{ data: Buffer.from(uri, "utf8"), mode: "byte" }], { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel, maskPattern: 2 });
  const n = symbol.modules.size;
  const data = symbol.modules.data;
  return { size: n, dark: (row, col) => Boolean(data[row * n + col]) };
}

export { LABEL_SIZES, parseLabelSize, type LabelSize } from "./labels";

export interface LabelSheetInput {
  size: LabelSize;
  productName: string;
  lotCode: string;
  producedOn: string;
  bestBefore: string | null;
  /** The lot's use-by date (batches.expires_on), printed beside best-before when it has one. */
  expiresOn?: string | null;
  ocopStars: number | null;
  /** Localised captions: lot, production date, best-before and use-by. */
  captions: { lot: string; produced: string; bestBefore: string; useBy?: string };
  /** Dates as shown to people (already formatted). */
  formatDate: (isoDate: string) => string;
  /** One label per entry (a batch sheet repeats one code); `human`: the lines printed beside the QR. */
  labels: { uri: string; human: string[] }[];
  title: string;
}

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const GRID: Record<LabelSize, { cols: number; rows: number; w: number; h: number }> = {
  "50x30": { cols: 4, rows: 9, w: 50, h: 30 },
  "40x30": { cols: 5, rows: 9, w: 40, h: 30 },
};

/** Labels on one A4 sheet of that size: a batch sheet repeats its one code this many times. */
export function labelsPerPage(size: LabelSize): number {
  return GRID[size].cols * GRID[size].rows;
}

/**
 * Where things sit on one label, in mm from its top-left corner: a square QR zone (symbol plus its quiet zone)
 * at the top left, the product text to its right, the human-readable band across the bottom. Everything keeps
 * PAD mm from the cut lines.
 */
const PAD = 1;
const BAND = 4.6;
const GAP = 0.5;
function labelBoxes(size: LabelSize) {
  const { w, h } = GRID[size];
  const zone = h - 2 * PAD - BAND - GAP;
  return {
    zone: { x: PAD, y: PAD, size: zone },
    column: { x: PAD + zone + GAP, y: PAD, w: w - 2 * PAD - zone - GAP, h: zone },
    band: { x: PAD, y: PAD + zone + GAP, w: w - 2 * PAD, h: BAND },
  };
}

let fontDir: string | null = null;
function fontFile(weight: "400Regular" | "600SemiBold"): string {
  fontDir ??= dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/be-vietnam-pro"));
  return join(fontDir, weight, `BeVietnamPro_${weight}.ttf`);
}

/**
 * A QR symbol as a PDF inline image mask, its quiet zone included in the square `zone` (pt) at (x, y): the
 * symbol takes n of the n + 8 modules across, leaving 4 white modules on each side.
 */
function qrContent(uri: string, x: number, y: number, zone: number): string {
  const { size: n, dark } = qrMatrix(uri);
  const module = zone / (n + 2 * QUIET_ZONE_MODULES);
  const size = n * module;
  const sx = x + QUIET_ZONE_MODULES * module;
  const sy = y + QUIET_ZONE_MODULES * module;
  const rowBytes = Math.ceil(n / 8);
  let hex = "";
  for (let row = 0; row < n; row += 1) {
    for (let byte = 0; byte < rowBytes; byte += 1) {
      let value = 0;
      for (let bit = 0; bit < 8; bit += 1) {
        const col = byte * 8 + bit;
        if (col < n && dark(row, col)) value |= 0x80 >> bit;
      }
      hex += value.toString(16).padStart(2, "0");
    }
  }
  // pdfkit's user space has y pointing down: flip the unit square so row 0 is at the top.
  return `q 0 g ${size.toFixed(3)} 0 0 ${(-size).toFixed(3)} ${sx.toFixed(3)} ${(sy + size).toFixed(3)} cm BI /W ${n} /H ${n} /IM true /BPC 1 /D [1 0] /F /AHx ID ${hex}> EI Q`;
}

function star(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number): void {
  const points: [number, number][] = [];
  for (let i = 0; i < 10; i += 1) {
    const radius = i % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  doc.polygon(...points).fill("#b8860b");
}

// Courier's glyphs are all 600/1000 em wide: codes are measured without asking the font.
const courierWidth = (text: string, size: number) => Array.from(text).length * 0.6 * size;
const COURIER_LINE = 1.1;

interface ColumnLayout {
  name: FittedText;
  info: FittedText[];
  infoSize: number;
  nameLine: number;
  infoLine: number;
  stars: { pitch: number; radius: number; ocopSize: number } | null;
}

/**
 * The text beside the QR, fitted once per sheet: the name (bold, wraps, shrinks, ends with an ellipsis if it must),
 * the lot and dates (wrap and shrink, never cut), the OCOP stars scaled to the column.
 */
function layoutColumn(doc: PDFKit.PDFDocument, input: LabelSheetInput, infoLines: string[], col: { w: number; h: number }): ColumnLayout {
  const measure = (font: string) => (text: string, size: number) => doc.font(font).fontSize(size).widthOfString(text);
  const lineFactor = (font: string) => doc.font(font).fontSize(10).currentLineHeight(true) / 10;
  const nameLine = lineFactor("bold");
  const infoLine = lineFactor("regular");
  const starsRow = input.ocopStars ? 2.6 * MM : 0;
  // First try keeping each info line on one line (a lot code read at a glance), then allow them to wrap.
  const passes = [
    { strict: true, smallest: 0.75 },
    { strict: false, smallest: 0.55 },
  ];
  for (const { strict, smallest } of passes) {
    for (let scale = 1; scale >= smallest - 1e-9; scale -= 0.05) {
      const infoSize = 5.4 * scale;
      const info = infoLines.map((line) =>
        fitText(words(line), { measure: measure("regular"), maxWidth: col.w, maxHeight: Infinity, maxSize: infoSize, minSize: infoSize, lineHeight: infoLine }),
      );
      const infoHeight = info.reduce((sum, f) => sum + f.height, 0);
      const stars = starsRow * Math.max(scale, 0.75);
      const room = col.h - infoHeight - stars - 0.6 * MM * scale;
      const nameSize = 6.4 * scale;
      const name = fitText(words(input.productName), { measure: measure("bold"), maxWidth: col.w, maxHeight: room, maxSize: nameSize, minSize: nameSize, lineHeight: nameLine });
      const complete = name.lines.join(" ") === words(input.productName).join(" ");
      // A lot code broken between characters is hard to read: shrink first.
      const infoWhole = info.every((f, i) => f.lines.join(" ") === words(infoLines[i] as string).join(" "));
      const oneLine = !strict || info.every((f) => f.lines.length === 1);
      if ((complete && infoWhole && oneLine && name.lines.length <= 4) || (!strict && scale - 0.05 < 0.55 - 1e-9)) {
        let starLayout: ColumnLayout["stars"] = null;
        if (input.ocopStars) {
          const ocopSize = 5.4 * Math.max(scale, 0.75);
          const ocopWidth = measure("bold")("OCOP", ocopSize);
          const pitch = Math.min(2.8 * MM, (col.w - ocopWidth - 0.6 * MM) / input.ocopStars);
          starLayout = { pitch, radius: pitch * 0.46, ocopSize };
        }
        return { name, info, infoSize, nameLine, infoLine, stars: starLayout };
      }
    }
  }
  throw new Error("unreachable: the smallest scale always returns");
}

/** An A4 PDF of labels, filled row by row; every mark stays inside its label's cut lines. */
export async function labelSheetPdf(input: LabelSheetInput): Promise<Buffer> {
  const grid = GRID[input.size];
  const doc = new PDFDocument({ size: "A4", margin: 0, autoFirstPage: false, info: { Title: input.title }, compress: true });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", fontFile("400Regular"));
  doc.registerFont("bold", fontFile("600SemiBold"));

  const left = (A4.width - grid.cols * grid.w * MM) / 2;
  const top = (A4.height - grid.rows * grid.h * MM) / 2;
  const boxes = labelBoxes(input.size);
  const zone = boxes.zone.size * MM;
  const col = { x: boxes.column.x * MM, y: boxes.column.y * MM, w: boxes.column.w * MM, h: boxes.column.h * MM };
  const band = { x: boxes.band.x * MM, y: boxes.band.y * MM, w: boxes.band.w * MM, h: boxes.band.h * MM };
  const perPage = grid.cols * grid.rows;
  const infoLines = [
    `${input.captions.lot}: ${input.lotCode}`,
    `${input.captions.produced}: ${input.formatDate(input.producedOn)}`,
    input.bestBefore ? `${input.captions.bestBefore}: ${input.formatDate(input.bestBefore)}` : null,
    input.expiresOn && input.captions.useBy ? `${input.captions.useBy}: ${input.formatDate(input.expiresOn)}` : null,
  ].filter((line): line is string => line !== null);

  // Text is laid out once (measuring is the slow part), then drawn without wrapping on every label.
  const column = layoutColumn(doc, input, infoLines, col);
  // Courier widths are arithmetic: fitting each label's code costs microseconds.
  const fitBand = (human: string[]) =>
    fitText(human, { measure: courierWidth, maxWidth: band.w, maxHeight: band.h, maxSize: 6, minSize: 3.6, lineHeight: COURIER_LINE });

  input.labels.forEach((label, index) => {
    if (index % perPage === 0) doc.addPage({ size: "A4", margin: 0 });
    const slot = index % perPage;
    const x = left + (slot % grid.cols) * grid.w * MM;
    const y = top + Math.floor(slot / grid.cols) * grid.h * MM;
    // Cut guide.
    doc.rect(x, y, grid.w * MM, grid.h * MM).lineWidth(0.3).stroke("#cccccc");
    doc.addContent(qrContent(label.uri, x + boxes.zone.x * MM, y + boxes.zone.y * MM, zone));

    // The human-readable band under the symbol's quiet zone. Codes are ASCII: a standard PDF font needs no
    // shaping, which is most of pdfkit's cost per unique string.
    const hri = fitBand(label.human);
    doc.fillColor("black").font("Courier").fontSize(hri.size);
    let by = y + band.y + (band.h - hri.height) / 2;
    for (const line of hri.lines) {
      doc.text(line, x + band.x, by, { lineBreak: false });
      by += hri.size * COURIER_LINE;
    }

    let ty = y + col.y;
    doc.font("bold").fontSize(column.name.size);
    for (const line of column.name.lines) {
      doc.text(line, x + col.x, ty, { lineBreak: false });
      ty += column.name.size * column.nameLine;
    }
    ty += 0.6 * MM * (column.infoSize / 5.4);
    doc.font("regular").fontSize(column.infoSize);
    const columnBottom = y + col.y + col.h;
    for (const block of column.info) {
      for (const line of block.lines) {
        // A line that would cross into the band is not drawn: nothing leaves its box.
        if (ty + column.infoSize * column.infoLine > columnBottom) break;
        doc.text(line, x + col.x, ty, { lineBreak: false });
        ty += column.infoSize * column.infoLine;
      }
    }
    if (input.ocopStars && column.stars) {
      const { pitch, radius, ocopSize } = column.stars;
      const cy = Math.min(ty + radius + 0.3 * MM, y + col.y + col.h - radius);
      for (let s = 0; s < input.ocopStars; s += 1) star(doc, x + col.x + radius + s * pitch, cy, radius);
      doc.font("bold").fontSize(ocopSize).fillColor("black").text("OCOP", x + col.x + input.ocopStars * pitch + 0.4 * MM, cy - ocopSize * 0.6, { lineBreak: false });
    }
  });
  if (input.labels.length === 0) doc.addPage({ size: "A4", margin: 0 });
  doc.end();
  return done;
}

/** The lot, dates and use-by lines of a label, captioned and formatted (PDF and thermal labels print the same). */
export function labelInfoLines(
  batch: { lotCode: string; producedOn: string; bestBefore: string | null; expiresOn: string | null },
  captions: { lot: string; produced: string; bestBefore: string; useBy: string },
  formatDate: (isoDate: string) => string,
): string[] {
  return [
    `${captions.lot}: ${batch.lotCode}`,
    `${captions.produced}: ${formatDate(batch.producedOn)}`,
    batch.bestBefore ? `${captions.bestBefore}: ${formatDate(batch.bestBefore)}` : null,
    batch.expiresOn ? `${captions.useBy}: ${formatDate(batch.expiresOn)}` : null,
  ].filter((line): line is string => line !== null);
}

/** A thermal printer's file (ZPL or TSPL) of one label per code, Vietnamese drawn from Be Vietnam Pro. */
export function thermalLabelFile(args: {
  language: ThermalLanguage;
  size: LabelSize;
  dpi: ThermalDpi;
  productName: string;
  infoLines: string[];
  labels: { uri: string; human: string[] }[];
}): Buffer {
  return thermalLabels({ ...args, text: vietnameseText });
}

export type IssueSerialsResult = { ok: true; issued: string[] } | { ok: false; reason: "invalid_count" | "batch_not_found" };

const INSERT_CHUNK = 5000;

/**
 * Issues `count` new serials for a batch of the organisation, all or nothing: chunked inserts in one
 * transaction; a serial that already exists in the batch (odds about 1e-15 per run) is drawn again.
 */
export async function issueSerialUnits(
  db: Database,
  args: { organisationId: string; batchId: string; count: number },
): Promise<IssueSerialsResult> {
  if (!Number.isInteger(args.count) || args.count < 1 || args.count > MAX_SERIALS_PER_RUN) return { ok: false, reason: "invalid_count" };
  return transact(db, { userId: null, organisationId: args.organisationId }, async ({ db: tx }) => {
    const [batch] = await tx
      .select({ id: batches.id })
      .from(batches)
      .where(and(eq(batches.id, args.batchId), eq(batches.organisationId, args.organisationId)))
      .for("update");
    if (!batch) return { ok: false as const, reason: "batch_not_found" as const };
    const issued: string[] = [];
    let wanted = args.count;
    while (wanted > 0) {
      const serials = issueSerials(wanted);
      for (let i = 0; i < serials.length; i += INSERT_CHUNK) {
        const rows = serials.slice(i, i + INSERT_CHUNK).map((serial) => ({ organisationId: args.organisationId, batchId: batch.id, serial }));
        const inserted = await tx.insert(serialUnits).values(rows).onConflictDoNothing().returning({ serial: serialUnits.serial });
        for (const r of inserted) issued.push(r.serial);
      }
      wanted = args.count - issued.length;
    }
    return { ok: true as const, issued };
  });
}

export async function listSerials(db: Database, batchId: string, limit = MAX_SERIALS_PER_RUN): Promise<string[]> {
  const rows = await db
    .select({ serial: serialUnits.serial })
    .from(serialUnits)
    .where(eq(serialUnits.batchId, batchId))
    .orderBy(asc(serialUnits.createdAt), asc(serialUnits.serial))
    .limit(limit);
  return rows.map((r) => r.serial);
}

export async function countSerials(db: Database, batchId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(serialUnits).where(eq(serialUnits.batchId, batchId));
  return row?.n ?? 0;
}

export interface LabelBatchDetails extends LabelBatch {
  id: string;
  /** The product, whose page records its GTIN (labels carry /01/{gtin}/10/{lot} once it has one). */
  productId: string;
  productNameVi: string;
  productNameEn: string | null;
  producedOn: string;
  bestBefore: string | null;
  expiresOn: string | null;
  ocopStars: number | null;
}

/** A batch of the organisation with what its labels print; null for another organisation's batch. */
export async function getLabelBatch(db: Database, organisationId: string, batchId: string): Promise<LabelBatchDetails | null> {
  const [row] = await db
    .select({
      id: batches.id,
      productId: products.id,
      shortCode: batches.shortCode,
      lotCode: batches.lotCode,
      gtin: products.gtin,
      productNameVi: products.nameVi,
      productNameEn: products.nameEn,
      producedOn: batches.producedOn,
      bestBefore: batches.bestBefore,
      expiresOn: batches.expiresOn,
      // Stars are printed only while the product's certificate is valid on the day of printing (db/sql/ocop_stars.sql).
      ocopStars: sql<number | null>`ocop_stars_on(${products.ocopStars}, ${products.ocopIssuedOn}, ${products.ocopExpiresOn}, ocop_today())`,
    })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(eq(batches.id, batchId), eq(batches.organisationId, organisationId)));
  return row ?? null;
}
