/**
 * Market expansion: where the place's products are bought (buyer's delivery province), month by month;
 * provinces reached for the first time; top products and cooperatives; buyers who come back; scans.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { monthRange } from "./filters";
import { monthsOf, scopedOrganisations, type DashboardScope } from "./scope.server";

export const TOP_N = 10;

export interface MonthSales {
  month: string;
  subOrders: number;
  valueVnd: number;
  provinces: number;
}

export interface ProvinceMarket {
  code: string;
  nameVi: string;
  nameEn: string;
  subOrders: number;
  valueVnd: number;
  scans: number;
  /** First month (YYYY-MM) any organisation of the place sold there, up to the period's end; null: never. */
  firstMonth: string | null;
}

export interface ProvinceMonthSales {
  month: string;
  code: string;
  subOrders: number;
  valueVnd: number;
}

export interface TopProduct {
  productId: string;
  slug: string;
  nameVi: string;
  nameEn: string | null;
  organisationName: string;
  units: number;
  valueVnd: number;
}

export interface TopCooperative {
  organisationId: string;
  slug: string;
  name: string;
  subOrders: number;
  valueVnd: number;
  provinces: number;
}

export interface MarketExpansion {
  months: MonthSales[];
  provinces: ProvinceMarket[];
  provinceMonths: ProvinceMonthSales[];
  /** Provinces whose first sale falls inside the period. */
  newProvinces: ProvinceMarket[];
  topProducts: TopProduct[];
  topCooperatives: TopCooperative[];
  buyers: number;
  repeatBuyers: number;
  /** Scans whose consumer named no province. */
  scansUnknownProvince: number;
}

/** Buyers who bought in at least two different months, in percent with one decimal; null without buyers. */
export function repeatBuyerPercent(m: Pick<MarketExpansion, "buyers" | "repeatBuyers">): number | null {
  if (m.buyers === 0) return null;
  return Math.round((m.repeatBuyers / m.buyers) * 1000) / 10;
}

const ym = (isoDate: string) => isoDate.slice(0, 7);

export async function getMarketExpansion(db: Database, scope: DashboardScope): Promise<MarketExpansion> {
  const orgs = scopedOrganisations(scope);
  const inPeriod = monthsOf(scope, sql`m.month`);
  const [provinceMonths, provinces, firsts, scans, products, cooperatives, buyers] = await Promise.all([
    db.execute(sql`
      select m.month::text as month, m.buyer_province_code as code, sum(m.sub_orders)::float8 as sub_orders, sum(m.value_vnd)::float8 as value
      from insight_sales_months m where m.organisation_id in ${orgs} and ${inPeriod}
      group by 1, 2 order by 1, 2`),
    db.execute(sql`select code, name_vi, name_en from provinces order by code`),
    db.execute(sql`
      select m.buyer_province_code as code, min(m.month)::text as first_month
      from insight_sales_months m where m.organisation_id in ${orgs} and m.month <= ${scope.toMonth}::date
      group by 1`),
    db.execute(sql`
      select m.province_code as code, sum(m.scans)::float8 as scans
      from insight_scan_months m where m.organisation_id in ${orgs} and ${inPeriod}
      group by 1`),
    db.execute(sql`
      select p.id, p.slug, p.name_vi, p.name_en, o.name as organisation_name, t.units, t.value
      from (
        select m.product_id, sum(m.units)::float8 as units, sum(m.value_vnd)::float8 as value
        from insight_product_sales_months m where m.organisation_id in ${orgs} and ${inPeriod}
        group by 1 order by 3 desc, 1 limit ${TOP_N}
      ) t join products p on p.id = t.product_id join organisations o on o.id = p.organisation_id
      order by t.value desc, p.name_vi`),
    db.execute(sql`
      select o.id, o.slug, o.name, t.sub_orders, t.value, t.provinces
      from (
        select m.organisation_id, sum(m.sub_orders)::float8 as sub_orders, sum(m.value_vnd)::float8 as value,
          count(distinct m.buyer_province_code)::int as provinces
        from insight_sales_months m where m.organisation_id in ${orgs} and ${inPeriod}
        group by 1 order by 3 desc, 1 limit ${TOP_N}
      ) t join organisations o on o.id = t.organisation_id
      order by t.value desc, o.name`),
    db.execute(sql`
      select count(*)::int as buyers, count(*) filter (where x.first_month <> x.last_month)::int as repeaters
      from (
        -- Bought in two months or more: the first and last month differ (min/max hash-aggregate; count(distinct) sorts).
        select m.buyer_key, min(m.month) as first_month, max(m.month) as last_month
        from insight_buyer_months m where m.organisation_id in ${orgs} and ${inPeriod}
        group by 1
      ) x`),
  ]);

  const cells = rowsOf<{ month: string; code: string; sub_orders: number; value: number }>(provinceMonths).map((r) => ({
    month: ym(r.month),
    code: r.code,
    subOrders: Number(r.sub_orders),
    valueVnd: Number(r.value),
  }));
  const firstByCode = new Map(rowsOf<{ code: string; first_month: string }>(firsts).map((r) => [r.code, ym(r.first_month)]));
  const scansByCode = new Map(rowsOf<{ code: string; scans: number }>(scans).map((r) => [r.code, Number(r.scans)]));
  const byProvince = new Map<string, { subOrders: number; valueVnd: number }>();
  for (const c of cells) {
    const acc = byProvince.get(c.code) ?? { subOrders: 0, valueVnd: 0 };
    acc.subOrders += c.subOrders;
    acc.valueVnd += c.valueVnd;
    byProvince.set(c.code, acc);
  }
  const provinceList: ProvinceMarket[] = rowsOf<{ code: string; name_vi: string; name_en: string }>(provinces)
    .map((p) => ({
      code: p.code,
      nameVi: p.name_vi,
      nameEn: p.name_en,
      subOrders: byProvince.get(p.code)?.subOrders ?? 0,
      valueVnd: byProvince.get(p.code)?.valueVnd ?? 0,
      scans: scansByCode.get(p.code) ?? 0,
      firstMonth: firstByCode.get(p.code) ?? null,
    }))
    .sort((a, b) => b.valueVnd - a.valueVnd || b.scans - a.scans || a.nameVi.localeCompare(b.nameVi, "vi"));

  const months: MonthSales[] = monthRange(scope.filters.from, scope.filters.to).map((month) => {
    const inMonth = cells.filter((c) => c.month === month);
    return {
      month,
      subOrders: inMonth.reduce((n, c) => n + c.subOrders, 0),
      valueVnd: inMonth.reduce((n, c) => n + c.valueVnd, 0),
      provinces: new Set(inMonth.map((c) => c.code)).size,
    };
  });
  const b = rowsOf<{ buyers: number; repeaters: number }>(buyers)[0];
  return {
    months,
    provinces: provinceList,
    provinceMonths: cells,
    newProvinces: provinceList
      .filter((p) => p.firstMonth !== null && p.firstMonth >= scope.filters.from)
      .sort((a, b2) => (a.firstMonth ?? "").localeCompare(b2.firstMonth ?? "") || a.nameVi.localeCompare(b2.nameVi, "vi")),
    topProducts: rowsOf<{ id: string; slug: string; name_vi: string; name_en: string | null; organisation_name: string; units: number; value: number }>(
      products,
    ).map((r) => ({
      productId: r.id,
      slug: r.slug,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      organisationName: r.organisation_name,
      units: Number(r.units),
      valueVnd: Number(r.value),
    })),
    topCooperatives: rowsOf<{ id: string; slug: string; name: string; sub_orders: number; value: number; provinces: number }>(cooperatives).map(
      (r) => ({
        organisationId: r.id,
        slug: r.slug,
        name: r.name,
        subOrders: Number(r.sub_orders),
        valueVnd: Number(r.value),
        provinces: Number(r.provinces),
      }),
    ),
    buyers: Number(b?.buyers ?? 0),
    repeatBuyers: Number(b?.repeaters ?? 0),
    scansUnknownProvince: scansByCode.get("") ?? 0,
  };
}
