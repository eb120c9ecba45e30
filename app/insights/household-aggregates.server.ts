/**
 * Province-wide household figures for the department and every export outside a cooperative:
 * counts only, read-only, every table passed through small-cell suppression (cells under 5
 * households hidden, and any cell that subtraction from a total would reveal). No name, code or id
 * of a household ever leaves this module.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { attributedSalesByHousehold, moneyReceivedByHousehold } from "~/households/attribution.server";
import { KINH } from "~/households/ethnic-groups";
import { povertyStatuses } from "~/households/schema";
import { maskByCount, suppressCounts, type SuppressedTable } from "~/households/suppression";

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

interface HouseholdFacts {
  id: string;
  organisation_id: string;
  head_sex: "female" | "male";
  ethnicity_code: string;
  status: StatusRow | null;
  baseline_income_vnd: string | null;
  income_per_person_vnd: string | null;
}

/** Where the households live: a province, or one commune of it (omitted: everywhere). */
export interface HouseholdPlace {
  provinceCode: string;
  communeId?: number;
}

/** SQL condition on `h` (households) for a place. */
export function householdPlaceSql(place: HouseholdPlace | undefined) {
  if (!place) return sql`true`;
  return place.communeId !== undefined
    ? sql`h.commune_id = ${place.communeId}`
    : sql`h.commune_id in (select id from communes where province_code = ${place.provinceCode})`;
}

export async function householdAggregates(db: Database, year: number, place?: HouseholdPlace): Promise<HouseholdAggregates> {
  const [facts, coops, received, attributed] = await Promise.all([
    db.execute(sql`
      select h.id, h.organisation_id, h.head_sex, h.ethnicity_code, s.status,
             h.baseline_income_vnd::text as baseline_income_vnd, i.income_per_person_vnd::text as income_per_person_vnd
      from households h
      left join household_statuses s on s.household_id = h.id and s.year = ${year}
      left join household_income_surveys i on i.household_id = h.id and i.year = ${year}
      where h.joined_on <= make_date(${year}, 12, 31) and (h.left_on is null or h.left_on >= make_date(${year}, 1, 1))
        and ${householdPlaceSql(place)}`),
    db.execute(sql`
      select o.id as organisation_id, o.name, o.name_en from organisations o
      where exists (select 1 from households h where h.organisation_id = o.id and ${householdPlaceSql(place)}) order by o.name`),
    moneyReceivedByHousehold(db, { organisationId: null, year }),
    attributedSalesByHousehold(db, { organisationId: null, year }),
  ]);
  const rows = rowsOf<HouseholdFacts>(facts);
  const statusIndex = (s: StatusRow | null) => statusRows.indexOf(s ?? "unknown");
  const zero = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));

  const bySex = zero(statusRows.length, 2);
  const byEthnicity = zero(statusRows.length, 2);
  const growth = zero(2, 2);
  for (const h of rows) {
    const sex = h.head_sex === "female" ? 0 : 1;
    bySex[statusIndex(h.status)]![sex]! += 1;
    byEthnicity[statusIndex(h.status)]![h.ethnicity_code === KINH ? 0 : 1]! += 1;
    if (h.baseline_income_vnd && h.income_per_person_vnd && Number(h.baseline_income_vnd) > 0) {
      const rose = Number(h.income_per_person_vnd) >= Number(h.baseline_income_vnd) * 1.1;
      growth[sex]![rose ? 0 : 1]! += 1;
    }
  }

  const coopRows = rowsOf<{ organisation_id: string; name: string; name_en: string | null }>(coops);
  const coopIndex = new Map(coopRows.map((c, i) => [c.organisation_id, i]));
  const coopCounts = coopRows.map(() => [0]);
  const coopReceived = coopRows.map(() => 0);
  const coopAttributed = coopRows.map(() => 0);
  for (const h of rows) {
    const i = coopIndex.get(h.organisation_id);
    if (i === undefined) continue;
    coopCounts[i]![0]! += 1;
    coopReceived[i]! += received.get(h.id) ?? 0;
    coopAttributed[i]! += attributed.get(h.id) ?? 0;
  }
  const coopTable = suppressCounts(coopCounts);
  return {
    year,
    statusBySex: suppressCounts(bySex),
    statusByEthnicity: suppressCounts(byEthnicity),
    growthBySex: suppressCounts(growth),
    cooperatives: {
      rows: coopRows.map((c) => ({ organisationId: c.organisation_id, name: c.name, nameEn: c.name_en })),
      counts: coopTable,
      moneyReceivedVnd: coopTable.cells.map((row, i) => maskByCount(row[0] ?? null, coopReceived[i]!)),
      attributedSalesVnd: coopTable.cells.map((row, i) => maskByCount(row[0] ?? null, coopAttributed[i]!)),
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
