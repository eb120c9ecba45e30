/**
 * The report a closed recall is kept with (A4 PDF, as many pages as its scope needs): its facts, reason, severity and
 * public messages, the timeline, the lots in scope with units sold against units returned or destroyed (in each lot's
 * own unit), the order lines and buyers reached, and the held orders with what became of them. The department's
 * report covers everything; a cooperative's only its own part (its lots, order lines and holds).
 */
import { departmentReportPdf } from "~/insights/report.server";
import type { CellValue, DataTable } from "~/insights/tables";
import { formatDateTime, formatNumber, formatUom } from "~/lib/format";
import { localized, translator, type Locale } from "~/lib/i18n";
import type { RecallView } from "./recall-queries.server";

export interface RecallReportInput {
  view: RecallView;
  /** Null for the department (the whole recall); a cooperative's id for its own part. */
  organisationId: string | null;
  organisationName?: string;
  locale: Locale;
  generatedAt: Date;
}

export function recallReportFileName(number: string): string {
  return `${number}-report.pdf`;
}

export async function recallReportPdf(input: RecallReportInput): Promise<Buffer> {
  const { view, organisationId, locale } = input;
  const t = translator(locale);
  const { recall } = view;
  const mine = (id: string) => organisationId === null || id === organisationId;
  const lots = view.lots.filter((l) => mine(l.organisationId));
  const lines = view.lines.filter((l) => mine(l.organisationId));
  const holds = view.holds.filter((h) => mine(h.organisationId));
  const time = (d: Date | null) => (d ? formatDateTime(d, locale) : "—");
  const orders = new Set(lines.filter((l) => !l.released).map((l) => l.orderNumber)).size;

  const facts = [
    t("recall.pdf.facts", {
      status: t(`recall.status.${recall.status}`),
      kind: t(`recall.kind.${recall.lotStatus}`),
      reason: t(`recall.reason.${recall.reason}`),
      severity: t(`recall.severity.${recall.severity}`),
      organisation: view.openedByName,
    }),
    t("recall.pdf.messageVi", { message: recall.messageVi }),
    t("recall.pdf.messageEn", { message: recall.messageEn }),
    ...(organisationId === null && recall.details ? [t("recall.pdf.details", { details: recall.details })] : []),
    ...(recall.closingReport ? [t("recall.pdf.summary", { summary: recall.closingReport })] : []),
    organisationId === null
      ? t("recall.pdf.reach", { lots: formatNumber(lots.length, locale), lines: formatNumber(lines.length, locale), orders: formatNumber(orders, locale), reached: formatNumber(view.buyersReached, locale) })
      : t("recall.pdf.reachPart", { lots: formatNumber(lots.length, locale), lines: formatNumber(lines.length, locale), orders: formatNumber(orders, locale) }),
    ...(organisationId !== null && input.organisationName ? [t("recall.pdf.part", { organisation: input.organisationName })] : []),
    t("recall.pdf.generated", { time: time(input.generatedAt) }),
  ];

  const minutesToConfirm = recall.confirmedAt ? Math.max(0, Math.round((recall.confirmedAt.getTime() - recall.openedAt.getTime()) / 60_000)) : null;
  const timeline: DataTable = {
    id: "timeline",
    title: t("recall.pdf.timeline"),
    columns: [
      { label: t("recall.pdf.step"), kind: "text" },
      { label: t("recall.pdf.time"), kind: "text" },
    ],
    rows: [
      [t("recall.pdf.opened"), time(recall.openedAt)],
      [t("recall.pdf.confirmed"), time(recall.confirmedAt)],
      [t("recall.pdf.closed"), time(recall.closedAt)],
      [t("recall.pdf.toConfirm"), minutesToConfirm === null ? "—" : t("recall.minutes", { count: formatNumber(minutesToConfirm, locale) })],
    ],
    total: null,
  };

  const lotTable: DataTable = {
    id: "lots",
    title: t("recall.review.lots"),
    // The wide first column carries product and organisation; the narrow ones the code, unit and figures.
    columns: [
      { label: `${t("recall.col.product")} · ${t("recall.col.organisation")}`, kind: "text" },
      { label: t("recall.col.lot"), kind: "text" },
      { label: t("recall.col.unit"), kind: "text" },
      { label: t("recall.col.sold"), kind: "number" },
      { label: t("recall.col.returned"), kind: "number" },
      { label: t("recall.col.destroyed"), kind: "number" },
    ],
    rows: lots.map((l): CellValue[] => [
      `${localized(locale, l.productNameVi, l.productNameEn)} · ${l.organisationName}`,
      l.lotCode,
      formatUom(l.uom, localized(locale, l.unitVi, l.unitEn)),
      l.unitsSold,
      l.unitsReturned,
      l.unitsDestroyed,
    ]),
    total: [t("recall.pdf.total"), null, null, sum(lots.map((l) => l.unitsSold)), sum(lots.map((l) => l.unitsReturned)), sum(lots.map((l) => l.unitsDestroyed))],
  };

  const lineTable: DataTable = {
    id: "lines",
    title: t("recall.review.orders"),
    columns: [
      { label: t("recall.col.order"), kind: "text" },
      { label: t("recall.col.product"), kind: "text" },
      { label: t("recall.col.lot"), kind: "text" },
      { label: t("recall.col.quantity"), kind: "number" },
      { label: t("recall.col.status"), kind: "text" },
    ],
    rows: lines.map((l): CellValue[] => [
      l.subOrderReference,
      localized(locale, l.productNameVi, l.productNameEn),
      l.lotCode,
      l.quantity,
      t(l.released ? "recall.pdf.line.released" : l.held ? "recall.pdf.line.held" : "recall.pdf.line.sold"),
    ]),
    total: lines.length > 0 ? [t("recall.pdf.total"), null, null, sum(lines.filter((l) => !l.released).map((l) => l.quantity)), null] : null,
  };

  const holdTable: DataTable = {
    id: "holds",
    title: t("recall.detail.holds"),
    columns: [
      { label: t("recall.col.order"), kind: "text" },
      { label: t("recall.pdf.outcome"), kind: "text" },
      { label: t("recall.pdf.time"), kind: "text" },
    ],
    rows: holds.map((h): CellValue[] => [
      h.reference,
      h.releasedAt
        ? t("recall.pdf.hold.released")
        : h.status === "cancelled"
          ? t("recall.pdf.hold.cancelled")
          : t("recall.pdf.hold.held", { status: t(`orders.status.${h.status as "pending"}`) }),
      h.releasedAt ? time(h.releasedAt) : "",
    ]),
    total: null,
  };
  const none = (table: DataTable): DataTable => (table.rows.length > 0 ? table : { ...table, rows: [[t("recall.pdf.none"), ...table.columns.slice(1).map(() => null)]], total: null });

  return departmentReportPdf({
    title: t("recall.pdf.title", { number: recall.number }),
    lines: facts,
    sections: [
      { heading: timeline.title, table: timeline },
      { heading: lotTable.title, table: none(lotTable) },
      { heading: lineTable.title, table: none(lineTable) },
      { heading: holdTable.title, table: none(holdTable) },
    ],
    footer: t("recall.pdf.footer"),
    format: (value, kind) => (typeof value === "number" && kind === "number" ? formatNumber(value, locale) : String(value)),
  });
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
