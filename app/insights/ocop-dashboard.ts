/**
 * The department's OCOP dashboard as plain data and tables (pure; the queries are in ocop-dashboard.server.ts):
 * applications by stage and month, by commune and product group, pass rates and mean scores, certificates expiring
 * in the next six months, stars over time from the register, and the share of OCOP producers selling through the
 * storefront against the national programme's target of one half.
 */
import type { Locale, MessageKey, Translate } from "~/lib/i18n";
import { localized } from "~/lib/i18n";
import { applicationStatuses, type ApplicationStatus } from "~/ocop/rules";
import type { CellValue, DataTable } from "./tables";

/** The national OCOP programme's target: at least half of OCOP producers sell through modern channels. */
export const STOREFRONT_TARGET_PERCENT = 50;
/** Certificates expiring within this many months are listed for renewal. */
export const EXPIRY_LOOKAHEAD_MONTHS = 6;
export const OCOP_DASHBOARD_GROUPS = ["food", "beverage", "herbal", "handicraft", "ornamental", "tourism_service"] as const;

export interface OcopDashboard {
  /** Applications started in each month of the period (Vietnam time), by their current status. */
  stages: Array<{ month: string; counts: Record<ApplicationStatus, number> }>;
  /** Applications started in the period by the producer's commune and the product group. */
  places: Array<{ communeVi: string; group: string; applications: number; decided: number; ranked: number; meanScore: number | null }>;
  /** Decisions signed in the period, by product group. */
  results: Array<{ group: string; decided: number; ranked: number; stars3: number; stars4: number; stars5: number; meanScore: number | null; proposedFive: number }>;
  expiring: Array<{ number: string; slug: string; nameVi: string; nameEn: string | null; producer: string; stars: number; expiresOn: string; daysLeft: number }>;
  /** Certified products at each month end of the period (today for the current month). */
  starsOverTime: Array<{ month: string; day: string; stars3: number; stars4: number; stars5: number }>;
  storefront: { producers: number; selling: number; since: string };
}

/** Ranked ÷ decided in percent with one decimal; null with nothing decided. */
export function passRate(ranked: number, decided: number): number | null {
  if (decided <= 0) return null;
  return Math.round((ranked / decided) * 1000) / 10;
}

/** Producers selling ÷ OCOP producers in percent with one decimal; null with no OCOP producer. */
export function storefrontShare(s: { producers: number; selling: number }): number | null {
  return passRate(s.selling, s.producers);
}

export function meetsStorefrontTarget(s: { producers: number; selling: number }): boolean | null {
  const share = storefrontShare(s);
  return share === null ? null : share >= STOREFRONT_TARGET_PERCENT;
}

/** The last day of each month of the list, or `today` for a month that has not ended (none after today). */
export function monthEnds(months: readonly string[], today: string): Array<{ month: string; day: string }> {
  const out: Array<{ month: string; day: string }> = [];
  for (const month of months) {
    if (`${month}-01` > today) break;
    const [y, m] = month.split("-").map(Number) as [number, number];
    const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
    out.push({ month, day: last < today ? last : today });
  }
  return out;
}

/** YYYY-MM-DD plus whole months, clamped to the month's end (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

const sum = (rows: CellValue[][], col: number): number => rows.reduce((n, r) => n + (typeof r[col] === "number" ? (r[col] as number) : 0), 0);

function weightedMean(items: Array<{ n: number; mean: number | null }>): number | null {
  const withMean = items.filter((i) => i.mean !== null && i.n > 0);
  const n = withMean.reduce((a, i) => a + i.n, 0);
  if (n === 0) return null;
  return Math.round((withMean.reduce((a, i) => a + i.n * (i.mean as number), 0) / n) * 100) / 100;
}

export function ocopDashboardTables(d: OcopDashboard, t: Translate, locale: Locale): DataTable[] {
  const group = (g: string) => t(`ins.ocopGroup.${g}` as MessageKey);
  const stageRows: CellValue[][] = d.stages.map((s) => {
    const counts = applicationStatuses.map((st) => s.counts[st]);
    return [s.month, ...counts, counts.reduce((a, b) => a + b, 0)];
  });
  const placeRows: CellValue[][] = d.places.map((p) => [p.communeVi, group(p.group), p.applications, p.decided, p.ranked, passRate(p.ranked, p.decided), p.meanScore]);
  const resultRows: CellValue[][] = d.results.map((r) => [group(r.group), r.decided, r.ranked, passRate(r.ranked, r.decided), r.stars3, r.stars4, r.stars5, r.proposedFive, r.meanScore]);
  const decided = d.results.reduce((n, r) => n + r.decided, 0);
  const ranked = d.results.reduce((n, r) => n + r.ranked, 0);
  const starRows: CellValue[][] = d.starsOverTime.map((s) => [s.month, s.day, s.stars3, s.stars4, s.stars5, s.stars3 + s.stars4 + s.stars5]);
  const share = storefrontShare(d.storefront);
  const target = meetsStorefrontTarget(d.storefront);
  return [
    {
      id: "stages",
      title: t("ocopd.stages.title"),
      columns: [
        { label: t("ins.col.month"), kind: "month" },
        ...applicationStatuses.map((s) => ({ label: t(`ocopd.status.${s}`), kind: "number" as const })),
        { label: t("ins.col.total"), kind: "number" },
      ],
      rows: stageRows,
      total: [t("ins.col.total"), ...applicationStatuses.map((_, i) => sum(stageRows, i + 1)), sum(stageRows, applicationStatuses.length + 1)],
      note: t("ocopd.stages.note"),
    },
    {
      id: "places",
      title: t("ocopd.places.title"),
      columns: [
        { label: t("ocopd.col.commune"), kind: "text" },
        { label: t("ins.col.ocopGroup"), kind: "text" },
        { label: t("ocopd.col.applications"), kind: "number" },
        { label: t("ocopd.col.decided"), kind: "number" },
        { label: t("ocopd.col.ranked"), kind: "number" },
        { label: t("ocopd.col.passRate"), kind: "percent" },
        { label: t("ocopd.col.meanScore"), kind: "number" },
      ],
      rows: placeRows,
      total:
        placeRows.length > 0
          ? [t("ins.col.total"), null, sum(placeRows, 2), sum(placeRows, 3), sum(placeRows, 4), passRate(sum(placeRows, 4), sum(placeRows, 3)), weightedMean(d.places.map((p) => ({ n: p.decided, mean: p.meanScore })))]
          : null,
      note: t("ocopd.places.note"),
    },
    {
      id: "results",
      title: t("ocopd.results.title"),
      columns: [
        { label: t("ins.col.ocopGroup"), kind: "text" },
        { label: t("ocopd.col.decided"), kind: "number" },
        { label: t("ocopd.col.ranked"), kind: "number" },
        { label: t("ocopd.col.passRate"), kind: "percent" },
        { label: t("ins.col.stars", { stars: 3 }), kind: "number" },
        { label: t("ins.col.stars", { stars: 4 }), kind: "number" },
        { label: t("ins.col.stars", { stars: 5 }), kind: "number" },
        { label: t("ocopd.col.proposedFive"), kind: "number" },
        { label: t("ocopd.col.meanScore"), kind: "number" },
      ],
      rows: resultRows,
      total:
        resultRows.length > 0
          ? [t("ins.col.total"), decided, ranked, passRate(ranked, decided), sum(resultRows, 4), sum(resultRows, 5), sum(resultRows, 6), sum(resultRows, 7), weightedMean(d.results.map((r) => ({ n: r.decided, mean: r.meanScore })))]
          : null,
      note: t("ocopd.results.note"),
    },
    {
      id: "expiring",
      title: t("ocopd.expiring.title"),
      columns: [
        { label: t("ins.col.product"), kind: "text" },
        { label: t("ins.col.cooperative"), kind: "text" },
        { label: t("ins.col.starsShort"), kind: "number" },
        { label: t("ins.col.certificate"), kind: "text" },
        { label: t("ins.col.expiresOn"), kind: "date" },
        { label: t("ocopd.col.daysLeft"), kind: "number" },
      ],
      rows: d.expiring.map((e) => [localized(locale, e.nameVi, e.nameEn), e.producer, e.stars, e.number, e.expiresOn, e.daysLeft]),
      links: d.expiring.map((e) => `/products/${e.slug}`),
      total: null,
      note: t("ocopd.expiring.note", { months: EXPIRY_LOOKAHEAD_MONTHS }),
    },
    {
      id: "stars",
      title: t("ocopd.stars.title"),
      columns: [
        { label: t("ins.col.month"), kind: "month" },
        { label: t("ocopd.col.onDay"), kind: "date" },
        { label: t("ins.col.stars", { stars: 3 }), kind: "number" },
        { label: t("ins.col.stars", { stars: 4 }), kind: "number" },
        { label: t("ins.col.stars", { stars: 5 }), kind: "number" },
        { label: t("ins.col.total"), kind: "number" },
      ],
      rows: starRows,
      total: null,
      note: t("ocopd.stars.note"),
    },
    {
      id: "storefront",
      title: t("ocopd.storefront.title"),
      columns: [
        { label: t("ins.col.indicator"), kind: "text" },
        { label: t("ins.col.figure"), kind: "number" },
      ],
      rows: [
        [t("ocopd.storefront.producers"), d.storefront.producers],
        [t("ocopd.storefront.selling"), d.storefront.selling],
        [t("ocopd.storefront.share"), share],
        [t("ocopd.storefront.target"), STOREFRONT_TARGET_PERCENT],
        [t("ocopd.storefront.met"), target === null ? null : t(target ? "ocopd.storefront.yes" : "ocopd.storefront.no")],
      ],
      total: null,
      note: t("ocopd.storefront.note", { since: d.storefront.since }),
    },
  ];
}
