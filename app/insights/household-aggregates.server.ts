/**
 * Province-wide household figures for the department and every export outside a cooperative:
 * counts only, read-only, every table passed through small-cell suppression (cells under 5
 * households hidden, and any cell that subtraction from a total would reveal). No name, code or id
 * of a household ever leaves this module.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { povertyStatuses } from "~/households/schema";
import { maskByCount, suppressCounts, type SuppressedTable } from "~/households/suppression";
import { ensureHouseholdYear, householdRelations, type HouseholdSource } from "./household-rollups.server";
import { ensureInsightsBuilt } from "./rollups.server";

export const statusRows = [...povertyStatuses, "unknown"] as const;
export type StatusRow = (typeof statusRows)[number];

export interface CooperativeRow {
  organisationId: string;
  name: string;
  nameEn: string | null;
}

export interface HouseholdAggregates {
  year: number;
  /** Rows: statusRows; columns: female, male. */
  statusBySex: SuppressedTable;
  /** Rows: statusRows; columns: Kinh, ethnic minorities. */
  statusByEthnicity: SuppressedTable;
  /** Rows: female, male; columns: income per person up ≥ 10% on the baseline, not. */
  growthBySex: SuppressedTable;
  /** One column (households); money figures only where the count is shown. */
  cooperatives: { rows: CooperativeRow[]; counts: SuppressedTable; moneyReceivedVnd: (number | null)[]; attributedSalesVnd: (number | null)[] };
}

interface FactGroup {
  head_sex: "female" | "male";
  kinh: boolean;
  status: StatusRow | null;
  /** Null: no baseline above zero or no survey this year; else whether income rose ≥ 10% (as a JS float compares). */
  rose: boolean | null;
  n: number;
}

interface CooperativeFigures {
  organisation_id: string;
  households: number;
  received: string;
  attributed: string;
}

/** Where the households live: a province, or one commune of it (omitted: everywhere). */
export interface HouseholdPlace {
  provinceCode: string;
  communeId?: number;
}

/** SQL condition on a rollup's (or live grouping's) commune_id for a place. */
export function rollupPlaceSql(place: HouseholdPlace | undefined) {
  if (!place) return sql`true`;
  return place.communeId !== undefined
    ? sql`r.commune_id = ${place.communeId}`
    : sql`r.commune_id in (select id from communes where province_code = ${place.provinceCode})`;
}

/** SQL condition on `h` (households) for a place. */
export function householdPlaceSql(place: HouseholdPlace | undefined) {
  if (!place) return sql`true`;
  return place.communeId !== undefined
    ? sql`h.commune_id = ${place.communeId}`
    : sql`h.commune_id in (select id from communes where province_code = ${place.provinceCode})`;
}

/**
 * Reads the household rollups (app/insights/household-rollups.server.ts; the year is built on first
 * use) or, with source "live", the same grouping computed from the source rows at once.
 */
export async function householdAggregates(db: Database, year: number, place?: HouseholdPlace, source: HouseholdSource = "live"): Promise<HouseholdAggregates> {
  // Attributed sales come from insight_household_sales_years either way (built on first use).
  await ensureInsightsBuilt(db);
  if (source === "rollups") await ensureHouseholdYear(db, year);
  const from = householdRelations(source, year, householdPlaceSql(place));
  const [facts, coops, figures] = await Promise.all([
    db.execute(sql`
      select r.head_sex, r.kinh, r.status, r.rose_float as rose, sum(r.households)::int as n
      from ${from.facts} r where r.year = ${year} and r.active and ${rollupPlaceSql(place)}
      group by 1, 2, 3, 4`),
    db.execute(sql`
      select o.id as organisation_id, o.name, o.name_en from organisations o
      where exists (select 1 from households h where h.organisation_id = o.id and ${householdPlaceSql(place)}) order by o.name`),
    db.execute(sql`
      select r.organisation_id, sum(r.households)::int as households, sum(r.received_vnd)::text as received, sum(r.attributed_vnd)::text as attributed
      from ${from.cooperatives} r where r.year = ${year} and ${rollupPlaceSql(place)}
      group by 1`),
  ]);
  const statusIndex = (s: StatusRow | null) => statusRows.indexOf(s ?? "unknown");
  const zero = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));

  const bySex = zero(statusRows.length, 2);
  const byEthnicity = zero(statusRows.length, 2);
  const growth = zero(2, 2);
  for (const g of rowsOf<FactGroup>(facts)) {
    const n = Number(g.n);
    const sex = g.head_sex === "female" ? 0 : 1;
    bySex[statusIndex(g.status)]![sex]! += n;
    byEthnicity[statusIndex(g.status)]![g.kinh ? 0 : 1]! += n;
    if (g.rose !== null) growth[sex]![g.rose ? 0 : 1]! += n;
  }

  const coopRows = rowsOf<{ organisation_id: string; name: string; name_en: string | null }>(coops);
  const byCoop = new Map(rowsOf<CooperativeFigures>(figures).map((f) => [f.organisation_id, f]));
  const coopCounts = coopRows.map((c) => [Number(byCoop.get(c.organisation_id)?.households ?? 0)]);
  const coopTable = suppressCounts(coopCounts);
  const money = (i: number, field: "received" | "attributed") => Number(byCoop.get(coopRows[i]!.organisation_id)?.[field] ?? 0);
  return {
    year,
    statusBySex: suppressCounts(bySex),
    statusByEthnicity: suppressCounts(byEthnicity),
    growthBySex: suppressCounts(growth),
    cooperatives: {
      rows: coopRows.map((c) => ({ organisationId: c.organisation_id, name: c.name, nameEn: c.name_en })),
      counts: coopTable,
      moneyReceivedVnd: coopTable.cells.map((row, i) => maskByCount(row[0] ?? null, money(i, "received"))),
      attributedSalesVnd: coopTable.cells.map((row, i) => maskByCount(row[0] ?? null, money(i, "attributed"))),
    },
  };
}

/** The aggregates as CSV for export: "< 5" in every hidden cell. */
export function aggregatesCsv(a: HouseholdAggregates, labels: { status: Record<StatusRow, string>; female: string; male: string; kinh: string; minority: string; total: string; hidden: string }): string {
  const cell = (v: number | null) => (v === null ? labels.hidden : String(v));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines: string[] = [];
  const table = (title: string, rowNames: string[], colNames: string[], t: SuppressedTable) => {
    lines.push(quote(title));
    lines.push(["", ...colNames, labels.total].map(quote).join(","));
    t.cells.forEach((row, r) => lines.push([quote(rowNames[r]!), ...row.map(cell), cell(t.rowTotals[r] ?? null)].join(",")));
    lines.push([quote(labels.total), ...t.colTotals.map(cell), cell(t.total)].join(","));
    lines.push("");
  };
  const statusNames = statusRows.map((s) => labels.status[s]);
  table(`${a.year}: status × sex`, statusNames, [labels.female, labels.male], a.statusBySex);
  table(`${a.year}: status × ethnicity`, statusNames, [labels.kinh, labels.minority], a.statusByEthnicity);
  return lines.join("\r\n");
}
