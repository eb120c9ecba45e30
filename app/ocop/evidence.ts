/**
 * Platform evidence of an OCOP dossier, the pure half: the snapshot each kind is frozen as (zod, parsed when read
 * back), the rule a lot's trace must meet to count as complete, and the small-cell rule for member households.
 * The queries that compute them from live records: app/ocop/evidence.server.ts.
 */
import { z } from "zod";
import { MIN_HOUSEHOLDS } from "~/households/suppression";
import type { PlatformEvidenceKind } from "./rules";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const month = z.string().regex(/^\d{4}-\d{2}$/);
const count = z.number().int().min(0);

/** What every snapshot says of its source: how many records it was computed from, and when. */
const source = z.object({ records: count, asOf: z.string() });

export const labTestsSnapshot = z.object({
  kind: z.literal("lab_tests"),
  source,
  totalLots: count,
  testedLots: count,
  passedLots: count,
  lots: z.array(
    z.object({
      lotCode: z.string(),
      producedOn: isoDate,
      tests: z.array(
        z.object({ date: isoDate, lab: z.string().nullable(), reportNumber: z.string().nullable(), standard: z.string().nullable(), result: z.enum(["pass", "fail"]).nullable() }),
      ),
    }),
  ),
});

export const traceabilityCoverageSnapshot = z.object({
  kind: z.literal("traceability_coverage"),
  source,
  lots: count,
  completeLots: count,
  /** Complete lots out of all, 0 … 1 (null without lots). */
  share: z.number().min(0).max(1).nullable(),
});

export const salesByMonthSnapshot = z.object({
  kind: z.literal("sales_by_month"),
  source,
  months: z.array(z.object({ month, orders: count, units: count, revenueVnd: count })),
  orders: count,
  revenueVnd: count,
});

export const buyerProvincesSnapshot = z.object({
  kind: z.literal("buyer_provinces"),
  source,
  provinces: z.array(z.object({ code: z.string(), name: z.string(), orders: count, revenueVnd: count })),
});

export const repeatBuyersSnapshot = z.object({
  kind: z.literal("repeat_buyers"),
  source,
  buyers: count,
  repeatBuyers: count,
  share: z.number().min(0).max(1).nullable(),
});

export const scansSnapshot = z.object({
  kind: z.literal("scans"),
  source,
  total: count,
  months: z.array(z.object({ month, scans: count })),
  provinces: z.array(z.object({ code: z.string(), name: z.string(), scans: count })),
});

/** A household count as it may leave the cooperative: the number, or hidden when under MIN_HOUSEHOLDS. */
export const householdFigure = z.union([z.object({ value: count }), z.object({ suppressed: z.literal(true) })]);
export type HouseholdFigure = z.infer<typeof householdFigure>;

export const memberHouseholdsSnapshot = z.object({
  kind: z.literal("member_households"),
  source,
  households: householdFigure,
  poor: householdFigure,
  nearPoor: householdFigure,
  ethnicMinority: householdFigure,
});

export const currentCertificateSnapshot = z.object({
  kind: z.literal("current_certificate"),
  source,
  certificate: z
    .object({
      number: z.string(),
      stars: z.number().int().min(3).max(5),
      issuedOn: isoDate,
      expiresOn: isoDate,
      status: z.enum(["valid", "suspended", "revoked", "expired"]),
      origin: z.enum(["evaluation", "recorded_without_evaluation", "product_record"]),
    })
    .nullable(),
});

export const evidenceSnapshot = z.discriminatedUnion("kind", [
  labTestsSnapshot,
  traceabilityCoverageSnapshot,
  salesByMonthSnapshot,
  buyerProvincesSnapshot,
  repeatBuyersSnapshot,
  scansSnapshot,
  memberHouseholdsSnapshot,
  currentCertificateSnapshot,
]);
export type EvidenceSnapshot = z.infer<typeof evidenceSnapshot>;
export type SnapshotOf<K extends PlatformEvidenceKind> = Extract<EvidenceSnapshot, { kind: K }>;

/**
 * A household count for a dossier: shown when it counts at least MIN_HOUSEHOLDS households (decision 0016), else
 * hidden. The dossier shows the total and three overlapping groups (poor, near-poor, ethnic minority) but never the
 * complements, so no hidden figure follows from a difference of shown ones; a zero is hidden too (it says as much
 * about a small cooperative as a one).
 */
export function householdCount(n: number, min = MIN_HOUSEHOLDS): HouseholdFigure {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`household count: ${n}`);
  return n < min ? { suppressed: true } : { value: n };
}

/**
 * There was no notion of a "complete" trace in the app before the dossier needed one, so it is defined plainly here:
 * a lot's trace is complete when it records where the product came from (a harvest, or the lots it was made from),
 * how it was made ready (processing or packing) and at least one test (an inspecting event).
 */
export function traceComplete(steps: { origin: boolean; processing: boolean; tested: boolean }): boolean {
  return steps.origin && steps.processing && steps.tested;
}

/** Share a / b, rounded to four decimals; null when b is 0. */
export function share(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((Math.min(part, whole) / whole) * 10_000) / 10_000;
}

/** The last `n` calendar months up to and including the one of `today` (Vietnam date), oldest first: ["2025-12", …]. */
export function lastMonths(today: string, n = 12): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || n < 1) throw new RangeError(`lastMonths(${today}, ${n})`);
  let year = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${year}-${String(m).padStart(2, "0")}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      year -= 1;
    }
  }
  return out.reverse();
}

/** Fills the months a query returned nothing for with zeros, in calendar order. */
export function fillMonths<T extends { month: string }>(months: readonly string[], rows: readonly T[], empty: (month: string) => T): T[] {
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return months.map((m) => byMonth.get(m) ?? empty(m));
}
