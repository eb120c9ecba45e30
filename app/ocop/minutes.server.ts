/**
 * The council's minutes (biên bản họp hội đồng), A4 PDF through the department report layout (pdfkit, Be Vietnam
 * Pro): the round and meeting date, the members with roles and titles, the conflicts declared, per application the
 * product, producer, each member's total, mean, spread and proposed class, and signature blocks for chair and secretary.
 */
import { departmentReportPdf } from "~/insights/report.server";
import type { CellValue, DataTable } from "~/insights/tables";
import { formatDate, formatDateTime, formatNumber } from "~/lib/format";
import { localized, translator, type Locale } from "~/lib/i18n";
import type { RoundView } from "./council.server";

export function minutesFileName(round: { year: number; name: string }): string {
  const slug = round.name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/gi, "d")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
  return `bien-ban-hoi-dong-ocop-${slug || round.year}.pdf`;
}

export async function councilMinutesPdf(view: RoundView, locale: Locale, generatedAt: Date): Promise<Buffer> {
  const t = translator(locale);
  const { round } = view;
  const points = (n: number | null) => (n === null ? "—" : formatNumber(n, locale, 2));
  const classLabel = (c: 3 | 4 | 5 | null, submitted: number) => (submitted === 0 ? "—" : t(c === null ? "council.class.none" : `council.class.${c}`));

  const members: DataTable = {
    id: "members",
    title: t("council.pdf.members"),
    columns: [
      { label: t("council.col.person"), kind: "text" },
      { label: t("council.col.role"), kind: "text" },
      { label: t("council.col.title"), kind: "text" },
    ],
    rows: view.members.map((m): CellValue[] => [m.displayName, t(`council.role.${m.role}`), m.title ?? ""]),
    total: null,
  };
  const conflicts: DataTable = {
    id: "conflicts",
    title: t("council.pdf.conflicts"),
    columns: [
      { label: t("council.col.person"), kind: "text" },
      { label: t("council.col.producer"), kind: "text" },
    ],
    rows: view.conflicts.map((c): CellValue[] => [c.displayName, c.note ? `${c.organisationName} (${c.note})` : c.organisationName]),
    total: null,
  };
  const evaluated = view.applications.filter((a) => a.status !== "draft" && a.status !== "submitted" && a.status !== "returned");
  const results: DataTable = {
    id: "results",
    title: t("council.pdf.results"),
    columns: [
      { label: `${t("council.col.product")} · ${t("council.col.producer")}`, kind: "text" },
      { label: t("council.col.number"), kind: "text" },
      { label: t("council.col.submitted"), kind: "text" },
      { label: t("council.col.mean"), kind: "text" },
      { label: t("council.col.spread"), kind: "text" },
      { label: t("council.col.class"), kind: "text" },
    ],
    rows: evaluated.map((a): CellValue[] => [
      `${localized(locale, a.productName, a.productNameEn)} · ${a.organisationName}`,
      a.number,
      t("council.apps.submittedOf", { submitted: a.result.submitted, members: view.members.length - a.conflicted.length }),
      points(a.result.mean),
      points(a.result.spread),
      classLabel(a.result.starClass, a.result.submitted),
    ]),
    total: null,
  };
  const totals: DataTable = {
    id: "totals",
    title: t("council.pdf.totals"),
    columns: [
      { label: t("council.col.number"), kind: "text" },
      { label: t("council.col.person"), kind: "text" },
      { label: t("council.col.points"), kind: "text" },
    ],
    rows: evaluated.flatMap((a) =>
      view.members.map((m): CellValue[] => [
        a.number,
        m.displayName,
        a.conflicted.includes(m.userId) ? t("council.apps.conflictedMark") : a.totals[m.userId] === undefined ? t("council.apps.notSubmitted") : points(a.totals[m.userId]!),
      ]),
    ),
    total: null,
  };
  const chair = view.members.find((m) => m.role === "chair");
  const secretary = view.members.find((m) => m.role === "secretary");
  const signatures: DataTable = {
    id: "signatures",
    title: t("council.pdf.signatures"),
    columns: [
      { label: t("council.pdf.signChair"), kind: "text" },
      { label: t("council.pdf.signSecretary"), kind: "text" },
    ],
    rows: [[t("council.pdf.signHere"), t("council.pdf.signHere")], [" ", " "], [" ", " "], [chair?.displayName ?? "", secretary?.displayName ?? ""]],
    total: null,
  };
  const none = (table: DataTable): DataTable => (table.rows.length > 0 ? table : { ...table, rows: [[t("council.pdf.none"), ...table.columns.slice(1).map(() => null)]] });

  return departmentReportPdf({
    title: t("council.pdf.title", { round: round.name }),
    lines: [
      t("council.pdf.meeting", { date: round.meetingOn ? formatDate(round.meetingOn, locale) : "—", status: t(`council.roundStatus.${round.status}`) }),
      t("council.pdf.generated", { time: formatDateTime(generatedAt, locale) }),
    ],
    sections: [
      { heading: members.title, table: none(members) },
      { heading: conflicts.title, table: none(conflicts) },
      { heading: results.title, table: none(results) },
      { heading: totals.title, table: none(totals) },
      { heading: signatures.title, table: signatures },
    ],
    footer: t("council.pdf.footer"),
    format: (value) => (value === null ? "" : String(value)),
  });
}
