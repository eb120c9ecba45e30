/**
 * Participating households against the province resolution's targets (2026–2030): income per person
 * 2.5–3× its 2020 level, poverty among ethnic-minority households below 10% and falling more than
 * 1.5 points a year, plus the IFAD-style indicators (income up ≥ 10%, poor → near-poor → not poor).
 *
 * Counts only, every table through small-cell suppression (app/households/suppression.ts), and every
 * figure derived from a count shown only when that count is shown. The year is the year of the
 * period's last month; the place is where the households live.
 */
import type { Database } from "#db/client.server";
import { type ProtectOptions, type Protection, type SuppressedTable } from "~/households/suppression";
import { householdPublication, placeOf, statusRows, type HouseholdAggregates, type HouseholdPlace, type IncomeGroup, type PublishedCount } from "./household-aggregates.server";
import { BASELINE_YEAR, INCOME_RISE_PERCENT, type HouseholdSource } from "./household-rollups.server";
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
  /** Why the count is hidden ("shown" when it is not). */
  why: Protection;
}

/**
 * One year's ethnic-minority households with a recorded status: the very figures that year's
 * publication shows (the poor count is the cell of its status × ethnicity table).
 */
export interface MinorityPovertyYear {
  year: number;
  poor: number | null;
  notPoor: number | null;
  total: number | null;
  ratePercent: number | null;
  why: { poor: Protection; notPoor: Protection; total: Protection };
}

export interface MinorityPoverty {
  /** Last year, then this year, each read from its own year's publication. */
  years: [MinorityPovertyYear, MinorityPovertyYear];
  previousRatePercent: number | null;
  ratePercent: number | null;
  /** Previous rate minus this year's, in percentage points (positive: poverty fell). */
  reductionPoints: number | null;
}

/** Poverty among all participating households with a recorded status, from the status × sex table's shown totals. */
export interface OverallPovertyYear {
  year: number;
  poor: number | null;
  known: number | null;
  ratePercent: number | null;
}

export interface OverallPoverty {
  years: [OverallPovertyYear, OverallPovertyYear];
  /** Previous rate minus this year's, in percentage points (positive: poverty fell). */
  reductionPoints: number | null;
}

export interface HouseholdTargets {
  year: number;
  aggregates: HouseholdAggregates;
  income: { all: IncomeMultiple; kinh: IncomeMultiple; minority: IncomeMultiple };
  /** Households whose survey this year has another baseline year (not counted in the multiple). */
  otherBaselines: number | null;
  otherBaselinesWhy: Protection;
  /** Rows: Kinh, ethnic minorities; columns: up ≥ 10% on baseline, not. */
  growthByEthnicity: SuppressedTable;
  /** Rows: status last year; columns: status this year (households with both). */
  transitions: SuppressedTable;
  minorityPoverty: MinorityPoverty;
  overallPoverty: OverallPoverty;
}

export function householdPlaceOf(scope: DashboardScope): HouseholdPlace {
  return scope.commune ? { provinceCode: scope.province.code, communeId: scope.commune.id } : { provinceCode: scope.province.code };
}

/** Percent with one decimal, or null when either count is hidden or there is nothing to divide by. */
export function ratePercent(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** The mean-over-mean multiple of a group from its published count and sums. */
export function incomeMultipleOf(g: IncomeGroup): IncomeMultiple {
  const n = g.count.value;
  if (n === null || n === 0 || g.baselineSum === null || g.nowSum === null) {
    return { households: n, baselineMeanVnd: null, currentMeanVnd: null, multiple: null, why: g.count.why };
  }
  const baseline = g.baselineSum / n;
  const now = g.nowSum / n;
  return {
    households: n,
    baselineMeanVnd: Math.round(baseline),
    currentMeanVnd: Math.round(now),
    multiple: baseline > 0 ? Math.round((now / baseline) * 100) / 100 : null,
    why: g.count.why,
  };
}

function minorityYear(a: HouseholdAggregates): MinorityPovertyYear {
  const { poor, notPoor, known } = a.minority;
  return {
    year: a.year,
    poor: poor.value,
    notPoor: notPoor.value,
    total: known.value,
    ratePercent: ratePercent(poor.value, known.value),
    why: { poor: poor.why, notPoor: notPoor.why, total: known.why },
  };
}

/**
 * A year's overall poverty from figures its publication already shows (the "poor" and "unknown" row totals and the
 * grand total of status × sex): no new figure is published, so the suppression of that table covers it.
 */
export function overallYear(a: Pick<HouseholdAggregates, "year" | "statusBySex">): OverallPovertyYear {
  const table = a.statusBySex;
  const poor = table.rowTotals[statusRows.indexOf("poor")] ?? null;
  const unknown = table.rowTotals[statusRows.indexOf("unknown")] ?? null;
  const known = table.total === null || unknown === null ? null : table.total - unknown;
  return { year: a.year, poor, known, ratePercent: ratePercent(poor, known) };
}

/** Last year's rate minus this year's, in points with one decimal; null when either is not shown. */
export function reductionPointsOf(previous: number | null, now: number | null): number | null {
  return previous === null || now === null ? null : Math.round((previous - now) * 10) / 10;
}

/**
 * The dashboard reads the rollups; "live" computes the same grouping from the source rows (tests).
 * The year's publication (the whole province with every commune, suppressed together) gives every
 * figure; the previous year's ethnic-minority figures come from that year's own publication, so a
 * figure about a year reads the same on every page and in every download.
 */
export async function getHouseholdTargets(db: Database, scope: DashboardScope, source: HouseholdSource = "rollups", options?: ProtectOptions): Promise<HouseholdTargets> {
  const year = Number(scope.filters.to.slice(0, 4));
  const place = householdPlaceOf(scope);
  const publication = await householdPublication(db, year, place.provinceCode, source, options);
  const aggregates = placeOf(publication, place);
  const previous = placeOf(publication.previous ?? (await householdPublication(db, year - 1, place.provinceCode, source, options)), place);
  const years: [MinorityPovertyYear, MinorityPovertyYear] = [minorityYear(previous), minorityYear(aggregates)];
  const previousRatePercent = years[0].ratePercent;
  const rate = years[1].ratePercent;
  const other: PublishedCount = aggregates.otherBaselines;
  return {
    year,
    aggregates,
    income: { all: incomeMultipleOf(aggregates.income.all), kinh: incomeMultipleOf(aggregates.income.kinh), minority: incomeMultipleOf(aggregates.income.minority) },
    otherBaselines: other.value,
    otherBaselinesWhy: other.why,
    growthByEthnicity: aggregates.growthByEthnicity,
    transitions: aggregates.transitions,
    minorityPoverty: {
      years,
      previousRatePercent,
      ratePercent: rate,
      reductionPoints: reductionPointsOf(previousRatePercent, rate),
    },
    overallPoverty: (() => {
      const overall: [OverallPovertyYear, OverallPovertyYear] = [overallYear(previous), overallYear(aggregates)];
      return { years: overall, reductionPoints: reductionPointsOf(overall[0].ratePercent, overall[1].ratePercent) };
    })(),
  };
}
