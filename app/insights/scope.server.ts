/**
 * Where and when a dashboard looks: the province and commune of the producing organisations, and a
 * period of whole calendar months (Asia/Ho_Chi_Minh).
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { DEFAULT_PROVINCE, periodDates, type DashboardFilters } from "./filters";

/** Organisation kinds that produce and sell (not the department, not the platform). */
export const PRODUCER_KINDS = ["cooperative", "cooperative_group", "enterprise", "household_business"] as const;
export const COOPERATIVE_KINDS = ["cooperative", "cooperative_group"] as const;

export interface PlaceOption {
  code: string;
  nameVi: string;
  nameEn: string;
}

export interface CommuneOption {
  id: number;
  nameVi: string;
  kind: string;
}

export interface DashboardScope {
  filters: DashboardFilters;
  province: PlaceOption;
  commune: CommuneOption | null;
  /** First and last day of the period, YYYY-MM-DD. */
  start: string;
  end: string;
  /** The same period as first days of months, for the monthly rollups. */
  fromMonth: string;
  toMonth: string;
  provinces: PlaceOption[];
  communes: CommuneOption[];
}

export interface ScopeProblems {
  province?: string;
  commune?: string;
}

/**
 * Checks the place against the database: an unknown province falls back to the default one, a
 * commune of another province is dropped; each is reported as a field problem.
 */
export async function resolveScope(db: Database, filters: DashboardFilters): Promise<{ scope: DashboardScope; problems: ScopeProblems }> {
  const problems: ScopeProblems = {};
  const provinceRows = rowsOf<{ code: string; name_vi: string; name_en: string }>(
    await db.execute(sql`select code, name_vi, name_en from provinces order by name_vi`),
  );
  const provinces = provinceRows.map((p) => ({ code: p.code, nameVi: p.name_vi, nameEn: p.name_en }));
  let province = provinces.find((p) => p.code === filters.province);
  const effective: DashboardFilters = { ...filters };
  if (!province) {
    problems.province = "ins.filter.province";
    effective.province = DEFAULT_PROVINCE;
    delete effective.commune;
    province = provinces.find((p) => p.code === DEFAULT_PROVINCE) ?? { code: DEFAULT_PROVINCE, nameVi: DEFAULT_PROVINCE, nameEn: DEFAULT_PROVINCE };
  }
  const communeRows = rowsOf<{ id: number; name_vi: string; kind: string }>(
    await db.execute(sql`select id, name_vi, kind::text as kind from communes where province_code = ${province.code} order by name_vi`),
  );
  const communes = communeRows.map((c) => ({ id: Number(c.id), nameVi: c.name_vi, kind: c.kind }));
  let commune: CommuneOption | null = null;
  if (effective.commune !== undefined) {
    commune = communes.find((c) => c.id === effective.commune) ?? null;
    if (!commune) {
      problems.commune = "ins.filter.commune";
      delete effective.commune;
    }
  }
  const { start, end } = periodDates(effective);
  return {
    scope: {
      filters: effective,
      province,
      commune,
      start,
      end,
      fromMonth: `${effective.from}-01`,
      toMonth: `${effective.to}-01`,
      provinces,
      communes,
    },
    problems,
  };
}

/** Producing organisations located in the scope's place, whatever their status (their sales count). */
export function scopedOrganisations(scope: DashboardScope): SQL {
  return sql`(select o.id from organisations o join communes c on c.id = o.commune_id
    where c.province_code = ${scope.province.code}
      ${scope.commune ? sql`and o.commune_id = ${scope.commune.id}` : sql``}
      and o.kind in ('cooperative', 'cooperative_group', 'enterprise', 'household_business'))`;
}

/**
 * Producing organisations of the scope's place as the rollups last counted them
 * (insight_place_organisations), for rollups read together with the place rollups.
 */
export function rolledUpOrganisations(scope: DashboardScope): SQL {
  return sql`(select p.organisation_id from insight_place_organisations p
    where p.province_code = ${scope.province.code} ${scope.commune ? sql`and p.commune_id = ${scope.commune.id}` : sql``})`;
}

/** The scope's rows of a place rollup (one with province_code and commune_id columns), as SQL. */
export function placeRows(scope: DashboardScope, alias: SQL): SQL {
  return sql`${alias}.province_code = ${scope.province.code} ${scope.commune ? sql`and ${alias}.commune_id = ${scope.commune.id}` : sql``}`;
}

/** The rollups' month bounds of the scope, as SQL. */
export function monthsOf(scope: DashboardScope, column: SQL): SQL {
  return sql`${column} between ${scope.fromMonth}::date and ${scope.toMonth}::date`;
}
