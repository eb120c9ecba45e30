import { formatDate, formatNumber, formatVnd } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { CellValue, ColumnKind } from "~/insights/tables";

const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A month in a table cell: "tháng 11, 2026" / "11/2026" of "2026-11". */
export function formatMonth(month: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  let f = monthFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", { month: "2-digit", year: "numeric", timeZone: "UTC" });
    monthFormats.set(locale, f);
  }
  return f.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * A month under a chart's column: "T3" / "Mar"; with the year's last two digits ("T1/26" / "Jan 26") when the chart
 * spans more than one year, so twelve columns never read alike.
 */
export function shortMonthLabel(month: string, locale: Locale, withYear = false): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return month;
  const m = Number(match[2]);
  const yy = match[1]!.slice(2);
  if (locale === "vi") return withYear ? `T${m}/${yy}` : `T${m}`;
  return withYear ? `${EN_MONTHS[m - 1]} ${yy}` : EN_MONTHS[m - 1]!;
}

/** Labels for a run of months: with the year only when they span more than one. */
export function shortMonthLabels(months: readonly string[], locale: Locale): string[] {
  const years = new Set(months.map((m) => m.slice(0, 4)));
  return months.map((m) => shortMonthLabel(m, locale, years.size > 1));
}

/** How a table cell reads on the page; exports keep the raw value. */
export function formatCell(value: CellValue, kind: ColumnKind, locale: Locale): string {
  if (value === null) return "—";
  if (typeof value === "string") {
    if (kind === "month") return formatMonth(value, locale);
    if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
    return value;
  }
  if (kind === "vnd") return formatVnd(value, locale);
  if (kind === "percent") return `${formatNumber(value, locale, 1)} %`;
  return formatNumber(value, locale);
}
