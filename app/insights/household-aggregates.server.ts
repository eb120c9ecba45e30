/**
 * Province-wide household figures for the department and every export outside a cooperative:
 * counts only, read-only, every table passed through small-cell suppression (cells under 5
 * households hidden, and any cell that subtraction from a total would reveal). No name, code or id
 * of a household ever leaves this module.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { KINH } from "~/households/ethnic-groups";
import { povertyStatuses } from "~/households/schema";
import { maskByCount, suppressCounts, type SuppressedTable } from "~/households/suppression";
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

/** SQL condition on `h` (households) for a place. */
export function householdPlaceSql(place: HouseholdPlace | undefined) {
  if (!place) return sql`true`;
  return place.communeId !== undefined
    ? sql`h.commune_id = ${place.communeId}`
    : sql`h.commune_id in (select id from communes where province_code = ${place.provinceCode})`;
}

/**
 * Counts are grouped on the database; attributed sales come from the insight_household_sales_years
 * rollup (built on first use, see app/insights/rollups.server.ts), money received from the source rows.
 */
export async function householdAggregates(db: Database, year: number, place?: HouseholdPlace): Promise<HouseholdAggregates> {
  await ensureInsightsBuilt(db);
  const active = sql`h.joined_on <= make_date(${year}, 12, 31) and (h.left_on is null or h.left_on >= make_date(${year}, 1, 1))
        and ${householdPlaceSql(place)}`;
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const [facts, coops, figures] = await Promise.all([
    db.execute(sql`
      select h.head_sex::text as head_sex, h.ethnicity_code = ${KINH} as kinh, s.status::text as status,
        case when h.baseline_income_vnd > 0 and i.income_per_person_vnd is not null
          then i.income_per_person_vnd::float8 >= h.baseline_income_vnd::float8 * 1.1::float8 end as rose,
        count(*)::int as n
      from households h
      left join household_statuses s on s.household_id = h.id and s.year = ${year}
      left join household_income_surveys i on i.household_id = h.id and i.year = ${year}
      where ${active}
      group by 1, 2, 3, 4`),
    db.execute(sql`
      select o.id as organisation_id, o.name, o.name_en from organisations o
      where exists (select 1 from households h where h.organisation_id = o.id and ${householdPlaceSql(place)}) order by o.name`),
    db.execute(sql`
      select h.organisation_id, count(*)::int as households, coalesce(sum(r.vnd), 0)::text as received, coalesce(sum(a.vnd), 0)::text as attributed
      from households h
      left join (
        select household_id, sum(vnd) as vnd from (
          select household_id, price_paid_vnd as vnd from household_supplies where supplied_on >= ${from}::date and supplied_on < ${to}::date
          union all
          select household_id, amount_vnd from household_payments where paid_on >= ${from}::date and paid_on < ${to}::date
        ) m group by household_id) r on r.household_id = h.id
      left join (select household_id, sum(value_vnd) as vnd from insight_household_sales_years where year = ${year} group by household_id) a
        on a.household_id = h.id
      where ${active}
      group by h.organisation_id`),
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
