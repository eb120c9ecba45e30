/**
 * Participating households against the province resolution's targets (2026–2030): income per person
 * 2.5–3× its 2020 level, poverty among ethnic-minority households below 10% and falling more than
 * 1.5 points a year, plus the IFAD-style indicators (income up ≥ 10%, poor → near-poor → not poor).
 *
 * Counts only, every table through small-cell suppression (app/households/suppression.ts), and every
 * figure derived from a count shown only when that count is shown. The year is the year of the
 * period's last month; the place is where the households live.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { povertyStatuses } from "~/households/schema";
import { MIN_HOUSEHOLDS, suppressCounts, type SuppressedTable } from "~/households/suppression";
import { householdAggregates, householdPlaceSql, rollupPlaceSql, type HouseholdAggregates, type HouseholdPlace } from "./household-aggregates.server";
import { BASELINE_YEAR, ensureHouseholdYear, householdRelations, INCOME_RISE_PERCENT, type HouseholdSource } from "./household-rollups.server";
import { ensureInsightsBuilt } from "./rollups.server";
import type { DashboardScope } from "./scope.server";

export { BASELINE_YEAR, INCOME_RISE_PERCENT };

export const INCOME_TARGET = { low: 2.5, high: 3 } as const;
export const MINORITY_POVERTY_TARGET_PERCENT = 10;
export const YEARLY_REDUCTION_TARGET_POINTS = 1.5;

export interface IncomeMultiple {
  /** Households with a 2020 baseline and a survey this year (null: fewer than MIN_HOUSEHOLDS). */
  households: number | null;
  baselineMeanVnd: number | null;
  currentMeanVnd: number | null;
  /** Mean income per person now over the mean at baseline, two decimals. */
  multiple: number | null;
}

/** One year's ethnic-minority households with a recorded status, each count suppressed on its own. */
export interface MinorityPovertyYear {
  year: number;
  poor: number | null;
  notPoor: number | null;
  total: number | null;
  ratePercent: number | null;
}

export interface MinorityPoverty {
  /** Last year, then this year. Each year is its own table (its counts never add across years). */
  years: [MinorityPovertyYear, MinorityPovertyYear];
  previousRatePercent: number | null;
  ratePercent: number | null;
  /** Previous rate minus this year's, in percentage points (positive: poverty fell). */
  reductionPoints: number | null;
}

export interface HouseholdTargets {
  year: number;
  aggregates: HouseholdAggregates;
  income: { all: IncomeMultiple; kinh: IncomeMultiple; minority: IncomeMultiple };
  /** Households whose survey this year has another baseline year (not counted in the multiple). */
  otherBaselines: number | null;
  /** Rows: Kinh, ethnic minorities; columns: up ≥ 10% on baseline, not. */
  growthByEthnicity: SuppressedTable;
  /** Rows: status last year; columns: status this year (households with both). */
  transitions: SuppressedTable;
  minorityPoverty: MinorityPoverty;
}

/** Households grouped by everything the targets look at, with their count and income sums. */
interface FactGroup {
  kinh: boolean;
  baseline_2020: boolean | null;
  /** Null: no survey this year or no baseline. */
  has_pair: boolean;
  /** Income up by INCOME_RISE_PERCENT or more (null: no pair or a zero baseline). */
  rose: boolean | null;
  status_now: string | null;
  status_before: string | null;
  n: number;
  baseline_sum: string;
  now_sum: string;
}

export function householdPlaceOf(scope: DashboardScope): HouseholdPlace {
  return scope.commune ? { provinceCode: scope.province.code, communeId: scope.commune.id } : { provinceCode: scope.province.code };
}

/** Percent with one decimal, or null when either count is hidden or there is nothing to divide by. */
export function ratePercent(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** The mean-over-mean multiple of a group, hidden below MIN_HOUSEHOLDS. */
export function incomeMultiple(pairs: readonly { baseline: number; now: number }[]): IncomeMultiple {
  return incomeMultipleOfSums({
    households: pairs.length,
    baselineSum: pairs.reduce((n, p) => n + p.baseline, 0),
    nowSum: pairs.reduce((n, p) => n + p.now, 0),
  });
}

/** The same from the group's count and sums (whole VND, exact below 2^53). */
export function incomeMultipleOfSums(g: { households: number; baselineSum: number; nowSum: number }): IncomeMultiple {
  if (g.households < MIN_HOUSEHOLDS) return { households: null, baselineMeanVnd: null, currentMeanVnd: null, multiple: null };
  const baseline = g.baselineSum / g.households;
  const now = g.nowSum / g.households;
  return {
    households: g.households,
    baselineMeanVnd: Math.round(baseline),
    currentMeanVnd: Math.round(now),
    multiple: baseline > 0 ? Math.round((now / baseline) * 100) / 100 : null,
  };
}

/** The dashboard reads the rollups; "live" computes the same grouping from the source rows (tests). */
export async function getHouseholdTargets(db: Database, scope: DashboardScope, source: HouseholdSource = "rollups"): Promise<HouseholdTargets> {
  const year = Number(scope.filters.to.slice(0, 4));
  const place = householdPlaceOf(scope);
  await ensureInsightsBuilt(db);
  if (source === "rollups") await ensureHouseholdYear(db, year);
  const from = householdRelations(source, year, householdPlaceSql(place));
  const [aggregates, factRows] = await Promise.all([
    householdAggregates(db, year, place, source),
    db.execute(sql`
      select r.kinh, r.baseline_2020, r.has_pair, r.rose_whole as rose, r.status as status_now, r.status_before,
        sum(r.households)::int as n, sum(r.baseline_sum)::text as baseline_sum, sum(r.now_sum)::text as now_sum
      from ${from.facts} r where r.year = ${year} and ${rollupPlaceSql(place)}
      group by 1, 2, 3, 4, 5, 6`),
  ]);

  const groups = { all: { households: 0, baselineSum: 0, nowSum: 0 }, kinh: { households: 0, baselineSum: 0, nowSum: 0 }, minority: { households: 0, baselineSum: 0, nowSum: 0 } };
  let otherBaselines = 0;
  const growth = [
    [0, 0],
    [0, 0],
  ];
  const statusIndex = new Map<string, number>(povertyStatuses.map((s, i) => [s, i]));
  const transitions = povertyStatuses.map(() => povertyStatuses.map(() => 0));
  // Rows: poor, not poor; columns: previous year, this year.
  const minority = [
    [0, 0],
    [0, 0],
  ];
  for (const f of rowsOf<FactGroup>(factRows)) {
    const n = Number(f.n);
    if (f.has_pair) {
      if (f.baseline_2020) {
        for (const g of [groups.all, f.kinh ? groups.kinh : groups.minority]) {
          g.households += n;
          g.baselineSum += Number(f.baseline_sum);
          g.nowSum += Number(f.now_sum);
        }
      } else otherBaselines += n;
      if (f.rose !== null) growth[f.kinh ? 0 : 1]![f.rose ? 0 : 1]! += n;
    }
    const before = f.status_before === null ? undefined : statusIndex.get(f.status_before);
    const now = f.status_now === null ? undefined : statusIndex.get(f.status_now);
    if (before !== undefined && now !== undefined) transitions[before]![now]! += n;
    if (!f.kinh) {
      if (before !== undefined) minority[f.status_before === "poor" ? 0 : 1]![0]! += n;
      if (now !== undefined) minority[f.status_now === "poor" ? 0 : 1]![1]! += n;
    }
  }
  const minorityYear = (column: number, y: number): MinorityPovertyYear => {
    const table = suppressCounts([[minority[0]![column]!], [minority[1]![column]!]]);
    const poor = table.cells[0]![0]!;
    const total = table.colTotals[0]!;
    return { year: y, poor, notPoor: table.cells[1]![0]!, total, ratePercent: ratePercent(poor, total) };
  };
  const years: [MinorityPovertyYear, MinorityPovertyYear] = [minorityYear(0, year - 1), minorityYear(1, year)];
  const previousRatePercent = years[0].ratePercent;
  const rate = years[1].ratePercent;
  return {
    year,
    aggregates,
    income: { all: incomeMultipleOfSums(groups.all), kinh: incomeMultipleOfSums(groups.kinh), minority: incomeMultipleOfSums(groups.minority) },
    otherBaselines: otherBaselines >= MIN_HOUSEHOLDS ? otherBaselines : null,
    growthByEthnicity: suppressCounts(growth),
    transitions: suppressCounts(transitions),
    minorityPoverty: {
      years,
      previousRatePercent,
      ratePercent: rate,
      reductionPoints: previousRatePercent === null || rate === null ? null : Math.round((previousRatePercent - rate) * 10) / 10,
    },
  };
}
