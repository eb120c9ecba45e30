import type { Locale } from "./i18n";
import { VIETNAM_TIME_ZONE, vietnamToday } from "./vietnam-time";

/** The zone every time is shown in: the one definition lives in vietnam-time.ts. */
export const APP_TIME_ZONE = VIETNAM_TIME_ZONE;

const intlLocale: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };

// Building an Intl formatter costs far more than using one: keep one per locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}
function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Money is integer VND everywhere; this is the one way to show it. */
export function formatVnd(amount: number, locale: Locale): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`VND amounts are whole numbers: ${amount}`);
  return numberFormat(intlLocale[locale], { style: "currency", currency: "VND" }).format(amount);
}

export function formatNumber(value: number | string, locale: Locale, maximumFractionDigits = 3): string {
  const n = typeof value === "string" ? Number(value) : value;
  return numberFormat(intlLocale[locale], { maximumFractionDigits }).format(n);
}

// Vietnamese readers expect 12/09/2024; English readers get an unambiguous 12 Sept 2024.
const dateParts: Record<Locale, Intl.DateTimeFormatOptions> = {
  vi: { day: "2-digit", month: "2-digit", year: "numeric" },
  en: { day: "numeric", month: "short", year: "numeric" },
};

function dateFormat(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat(intlLocale[locale], { ...dateParts[locale], timeZone });
}

/** UN/ECE Rec 20 unit codes as people write them; a count (H87) is shown in the product's own unit. */
const uomSymbols: Record<string, string> = { KGM: "kg", GRM: "g", TNE: "t", LTR: "l", MLT: "ml" };

export function formatUom(code: string, countUnit: string): string {
  if (code === "H87" || code === "EA") return countUnit;
  return uomSymbols[code] ?? code;
}

/** A calendar date stored as YYYY-MM-DD: shown as a date, with no time-zone shift. */
export function formatDate(isoDate: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`Not a calendar date: ${isoDate}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(locale, "UTC").format(date);
}

/** An instant (stored in UTC) shown in Vietnam's time zone. */
export function formatDateTime(instant: Date | string, locale: Locale): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a time: ${String(instant)}`);
  return dateTimeFormat(intlLocale[locale], {
    ...dateParts[locale],
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: APP_TIME_ZONE,
  }).format(date);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  const a = Date.parse(`${fromIsoDate}T00:00:00Z`);
  const b = Date.parse(`${toIsoDate}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError("Not a calendar date");
  return Math.round((b - a) / 86_400_000);
}

/** Today's calendar date in Vietnam, as YYYY-MM-DD (the same as `vietnamToday`, kept for the pages that call it so). */
export const todayInVietnam: (now?: Date) => string = vietnamToday;
