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
import { and, asc, count, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, products, serialUnits } from "#db/schema";
import { transact } from "~/lib/transact.server";
import { formatDigitalLinkUri } from "./gs1/digital-link.server";
import { isPathSafeAiValue } from "./gs1/digital-link";
import { formatShortPath, issueSerials, MAX_SERIALS_PER_RUN } from "./gs1/serials.server";
import type { LabelSize } from "./labels";

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

const QR_OPTIONS = { errorCorrectionLevel: "M" as const, margin: 4 };

export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { ...QR_OPTIONS, type: "svg" });
}

export function qrPng(uri: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(uri, { ...QR_OPTIONS, type: "png", width });
}

export { LABEL_SIZES, parseLabelSize, type LabelSize } from "./labels";

export interface LabelSheetInput {
  size: LabelSize;
  productName: string;
  lotCode: string;
  producedOn: string;
  bestBefore: string | null;
  ocopStars: number | null;
  /** Localised captions: lot, production date and best-before. */
  captions: { lot: string; produced: string; bestBefore: string };
  /** Dates as shown to people (already formatted). */
  formatDate: (isoDate: string) => string;
  /** One label per entry (a batch sheet repeats one code). */
  labels: { uri: string; code: string }[];
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

let fontDir: string | null = null;
function fontFile(weight: "400Regular" | "600SemiBold"): string {
  fontDir ??= dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/be-vietnam-pro"));
  return join(fontDir, weight, `BeVietnamPro_${weight}.ttf`);
}

/** A QR symbol as a PDF inline image mask over the unit square, placed by a cm at (x, y) of size s. */
function qrContent(uri: string, x: number, y: number, size: number): string {
  // One byte segment and a fixed mask skip qrcode's mode splitting and its 8-mask search: 10× faster, still valid.
  const symbol = QRCode.create([{ data: Buffer.from(uri, "utf8"), mode: "byte" }], { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel, maskPattern: 2 });
  const n = symbol.modules.size;
  const data = symbol.modules.data;
  const rowBytes = Math.ceil(n / 8);
  let hex = "";
  for (let row = 0; row < n; row += 1) {
    for (let byte = 0; byte < rowBytes; byte += 1) {
      let value = 0;
      for (let bit = 0; bit < 8; bit += 1) {
        const col = byte * 8 + bit;
        if (col < n && data[row * n + col]) value |= 0x80 >> bit;
      }
      hex += value.toString(16).padStart(2, "0");
    }
  }
  // pdfkit's user space has y pointing down: flip the unit square so row 0 is at the top.
  return `q 0 g ${size.toFixed(2)} 0 0 ${(-size).toFixed(2)} ${x.toFixed(2)} ${(y + size).toFixed(2)} cm BI /W ${n} /H ${n} /IM true /BPC 1 /D [1 0] /F /AHx ID ${hex}> EI Q`;
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

/** Greedy word wrap into at most `max` lines, the last one cut with an ellipsis. */
function wrapLines(text: string, width: (s: string) => number, maxWidth: number, max: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (width(candidate) <= maxWidth || !current) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  let last = kept[max - 1] as string;
  while (last.length > 1 && width(`${last}…`) > maxWidth) last = last.slice(0, -1);
  kept[max - 1] = `${last}…`;
  return kept;
}

/** An A4 PDF of labels, filled row by row. */
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
  const qrSize = (grid.h - 4) * MM;
  const textX = 2 * MM + qrSize + 1 * MM;
  const textWidth = grid.w * MM - textX - 1.5 * MM;
  const perPage = grid.cols * grid.rows;
  const dates = [
    `${input.captions.lot}: ${input.lotCode}`,
    `${input.captions.produced}: ${input.formatDate(input.producedOn)}`,
    input.bestBefore ? `${input.captions.bestBefore}: ${input.formatDate(input.bestBefore)}` : null,
  ].filter((line): line is string => line !== null);

  // Text is laid out once (pdfkit's line wrapping is the slow part), then drawn without wrapping on every label.
  doc.font("bold").fontSize(6.4);
  const nameLines = wrapLines(input.productName, (text) => doc.widthOfString(text), textWidth, 3);

  let codeWidth: number | undefined;
  input.labels.forEach((label, index) => {
    if (index % perPage === 0) doc.addPage({ size: "A4", margin: 0 });
    const slot = index % perPage;
    const x = left + (slot % grid.cols) * grid.w * MM;
    const y = top + Math.floor(slot / grid.cols) * grid.h * MM;
    // Cut guide.
    doc.rect(x, y, grid.w * MM, grid.h * MM).lineWidth(0.3).stroke("#cccccc");
    doc.addContent(qrContent(label.uri, x + 1 * MM, y + 1 * MM, qrSize));
    // Codes are ASCII: a standard PDF font needs no shaping, which is most of pdfkit's cost per unique string.
    doc.fillColor("black").font("Courier").fontSize(5.6);
    // Codes on one sheet have the same length: measuring the first is enough to centre them all.
    codeWidth ??= doc.widthOfString(label.code);
    doc.text(label.code, x + 1 * MM + Math.max(0, (qrSize - codeWidth) / 2), y + 1 * MM + qrSize + 0.4 * MM, { lineBreak: false });

    let ty = y + 2 * MM;
    doc.font("bold").fontSize(6.4);
    for (const line of nameLines) {
      doc.text(line, x + textX, ty, { lineBreak: false });
      ty += 2.7 * MM;
    }
    ty += 0.6 * MM;
    doc.font("regular").fontSize(5.4);
    for (const line of dates) {
      doc.text(line, x + textX, ty, { lineBreak: false });
      ty += 2.6 * MM;
    }
    if (input.ocopStars) {
      for (let s = 0; s < input.ocopStars; s += 1) star(doc, x + textX + 1.3 * MM + s * 2.8 * MM, ty + 1.5 * MM, 1.3 * MM);
      doc.font("bold").fontSize(5.4).fillColor("black").text("OCOP", x + textX + input.ocopStars * 2.8 * MM + 0.6 * MM, ty + 0.3 * MM, { lineBreak: false });
    }
  });
  if (input.labels.length === 0) doc.addPage({ size: "A4", margin: 0 });
  doc.end();
  return done;
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
      ocopStars: products.ocopStars,
    })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(eq(batches.id, batchId), eq(batches.organisationId, organisationId)));
  return row ?? null;
}
