import { formatDate, formatNumber, formatVnd } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { CellValue, ColumnKind } from "~/insights/tables";

const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "11/2026" of "2026-11" (Vietnamese and English alike read it the same way). */
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
