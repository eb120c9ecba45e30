/**
 * The printable report of a place and period (A4, PDF, usually one page): the overview's key figures, OCOP
 * products by group, sales by month and the top buyer provinces, and the households' targets. It is
 * drawn from the same tables as the dashboards (app/insights/tables.ts), so it says what they say.
 * Vietnamese labels need a font with its diacritics: Be Vietnam Pro, as on the QR labels.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { CellValue, ColumnKind, DataTable } from "./tables";

let fontDir: string | null = null;
function fontFile(weight: "400Regular" | "600SemiBold"): string {
  fontDir ??= dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/be-vietnam-pro"));
  return join(fontDir, weight, `BeVietnamPro_${weight}.ttf`);
}

export interface ReportSection {
  heading: string;
  table: DataTable;
  /** Rows kept when the report means to show only the first so many (a "top 5"); the totals row is always printed. */
  maxRows?: number;
  /** Columns printed, by index (default: all). */
  columns?: number[];
}

export interface ReportInput {
  title: string;
  lines: string[];
  sections: ReportSection[];
  footer: string;
  format: (value: CellValue, kind: ColumnKind) => string;
  /** A QR code back to the live page, printed at the top right of the first page (a notice-board print). */
  qr?: { url: string; caption: string };
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 36;

/**
 * A4 pages: every row of every section is printed. A section that does not fit goes on to the next page, its
 * heading and column headers repeated there; nothing is cut short to keep the report on one page.
 */
export async function departmentReportPdf(input: ReportInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: input.title }, compress: true });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", fontFile("400Regular"));
  doc.registerFont("bold", fontFile("600SemiBold"));
  const width = A4.width - 2 * MARGIN;
  const bottom = A4.height - MARGIN - 24;
  let y = MARGIN;

  const qrSize = 84;
  // The heading and its lines leave room for the QR code beside them.
  const headWidth = input.qr ? width - qrSize - 12 : width;
  if (input.qr) {
    const png = await QRCode.toBuffer(input.qr.url, { type: "png", errorCorrectionLevel: "M", margin: 1, width: 336 });
    doc.image(png, MARGIN + width - qrSize, MARGIN, { width: qrSize, height: qrSize });
    doc.font("regular").fontSize(6.5).fillColor("#55645b").text(input.qr.caption, MARGIN + width - qrSize - 6, MARGIN + qrSize + 2, { width: qrSize + 12, align: "center" });
  }
  doc.font("bold").fontSize(15).fillColor("#1f6f43").text(input.title, MARGIN, y, { width: headWidth });
  y = doc.y + 4;
  doc.font("regular").fontSize(8.5).fillColor("#1d2a22");
  for (const line of input.lines) {
    doc.text(line, MARGIN, y, { width: headWidth });
    y = doc.y + 1;
  }
  y += 6;
  if (input.qr) y = Math.max(y, MARGIN + qrSize + 22);

  const rowHeight = 11.5;
  const footer = () =>
    doc.font("regular").fontSize(7).fillColor("#55645b").text(input.footer, MARGIN, A4.height - MARGIN - 12, { width, lineBreak: false, ellipsis: true });
  const newPage = () => {
    footer();
    doc.addPage({ size: "A4", margin: MARGIN });
    y = MARGIN;
  };
  for (const section of input.sections) {
    // A heading, its column headers and two rows (or its only row) stay together.
    const firstBlock = 3 * rowHeight + 16 + (section.table.total ? rowHeight : 0);
    if (y + firstBlock > bottom) newPage();
    const cols = section.columns ?? section.table.columns.map((_, i) => i);
    const firstWidth = cols.length === 1 ? width : Math.min(width * 0.5, Math.max(width * 0.34, width - (cols.length - 1) * 90));
    const otherWidth = cols.length > 1 ? (width - firstWidth) / (cols.length - 1) : 0;
    const xOf = (i: number) => MARGIN + (i === 0 ? 0 : firstWidth + (i - 1) * otherWidth);
    const wOf = (i: number) => (i === 0 ? firstWidth : otherWidth) - 4;
    const drawRow = (cells: CellValue[], bold: boolean, header: boolean) => {
      doc.font(bold ? "bold" : "regular").fontSize(7.5).fillColor("#1d2a22");
      cols.forEach((c, i) => {
        const kind = section.table.columns[c]?.kind ?? "text";
        const value = cells[c] ?? null;
        const text = header ? String(value ?? "") : value === null ? "" : input.format(value, kind);
        const right = i > 0;
        doc.text(text, xOf(i), y, { width: wOf(i), height: rowHeight, ellipsis: true, lineBreak: false, align: right ? "right" : "left" });
      });
      y += rowHeight;
    };
    const heading = (continued: boolean) => {
      doc.font("bold").fontSize(10).fillColor("#1f6f43").text(continued ? `${section.heading} …` : section.heading, MARGIN, y, { width });
      y = doc.y + 2;
      drawRow(
        section.table.columns.map((c) => c.label),
        true,
        true,
      );
      doc.moveTo(MARGIN, y - 1.5).lineTo(MARGIN + width, y - 1.5).lineWidth(0.4).strokeColor("#9aa59f").stroke();
    };
    heading(false);
    const rows = section.table.rows.slice(0, section.maxRows ?? Infinity);
    for (const row of rows) {
      if (y + rowHeight > bottom) {
        newPage();
        heading(true);
      }
      drawRow(row, false, false);
    }
    if (section.table.total) {
      if (y + rowHeight > bottom) {
        newPage();
        heading(true);
      }
      drawRow(section.table.total, true, false);
    }
    y += 8;
  }

  footer();
  doc.end();
  return done;
}
