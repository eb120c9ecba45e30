/**
 * Market expansion: where the place's products are bought (buyer's delivery province), month by month;
 * provinces reached for the first time; top products and cooperatives; buyers who come back; scans.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { monthRange, quartersAndMonths } from "./filters";
import { monthsOf, placeRows, rolledUpOrganisations, type DashboardScope } from "./scope.server";

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
  /** Placed in the period but not paid yet (transfers not confirmed, cash not collected): not in the sales above. */
  awaitingPayment: { subOrders: number; valueVnd: number };
}

/** Buyers who bought in at least two different months, in percent with one decimal; null without buyers. */
export function repeatBuyerPercent(m: Pick<MarketExpansion, "buyers" | "repeatBuyers">): number | null {
  if (m.buyers === 0) return null;
  return Math.round((m.repeatBuyers / m.buyers) * 1000) / 10;
}

const ym = (isoDate: string) => isoDate.slice(0, 7);
const dateArray = (days: readonly string[]) => sql`${`{${days.join(",")}}`}::date[]`;

export async function getMarketExpansion(db: Database, scope: DashboardScope): Promise<MarketExpansion> {
  // The place rollups (app/insights/place-rollups.server.ts) hold the scope's communes directly; the
  // organisation and product ones are filtered by the organisations placed there at the last refresh.
  const place = placeRows(scope, sql`m`);
  const orgs = rolledUpOrganisations(scope);
  const inPeriod = monthsOf(scope, sql`m.month`);
  // Top products read whole quarters from their quarterly rollup and the other months from the monthly one.
  const parts = quartersAndMonths(scope.filters.from, scope.filters.to);
  const [provinceMonths, provinces, firsts, scans, products, cooperatives, buyers, awaiting] = await Promise.all([
    db.execute(sql`
      select m.month::text as month, m.buyer_province_code as code, sum(m.sub_orders)::float8 as sub_orders, sum(m.value_vnd)::float8 as value
      from insight_place_sales_months m where ${place} and ${inPeriod}
      group by 1, 2 order by 1, 2`),
    db.execute(sql`select code, name_vi, name_en from provinces order by code`),
    db.execute(sql`
      select m.buyer_province_code as code, min(m.first_month)::text as first_month
      from insight_place_first_sales m where ${place}
      group by 1 having min(m.first_month) <= ${scope.toMonth}::date`),
    db.execute(sql`
      select m.scan_province_code as code, sum(m.scans)::float8 as scans
      from insight_place_scan_months m where ${place} and ${inPeriod}
      group by 1`),
    db.execute(sql`
      select p.id, p.slug, p.name_vi, p.name_en, o.name as organisation_name, t.units, t.value
      from (
        select m.product_id, sum(m.units)::float8 as units, sum(m.value_vnd)::float8 as value
        from (
          select q.product_id, q.units, q.value_vnd from insight_product_quarters q
          where q.organisation_id in ${orgs} and q.quarter = any(${dateArray(parts.quarters)})
          union all
          select p.product_id, p.units, p.value_vnd from insight_product_months p
          where p.organisation_id in ${orgs} and p.month = any(${dateArray(parts.months)})
        ) m
        group by 1 order by 3 desc, 1 limit ${TOP_N}
      ) t join products p on p.id = t.product_id join organisations o on o.id = p.organisation_id
      order by t.value desc, p.name_vi`),
    // The ten best sellers first; the provinces each reached, counted for those ten only.
    db.execute(sql`
      select o.id, o.slug, o.name, t.sub_orders, t.value,
        (select count(distinct s.buyer_province_code)::int from insight_sales_months s
         where s.organisation_id = t.organisation_id and ${monthsOf(scope, sql`s.month`)}) as provinces
      from (
        select m.organisation_id, sum(m.sub_orders)::float8 as sub_orders, sum(m.value_vnd)::float8 as value
        from insight_seller_months m where m.organisation_id in ${orgs} and ${inPeriod}
        group by 1 order by 3 desc, 1 limit ${TOP_N}
      ) t join organisations o on o.id = t.organisation_id
      order by t.value desc, o.name`),
    // Each buyer's first month in the period is the row whose previous month falls before it; the
    // buyer came back within the period when that row's next month is inside it (insightRepeatBuyers).
    db.execute(sql`
      select coalesce(sum(m.buyers), 0)::int as buyers, coalesce(sum(m.buyers) filter (where m.next_month <= ${scope.toMonth}::date), 0)::int as repeaters
      from insight_repeat_buyers m
      where m.province_code = ${scope.province.code} and m.commune_id = ${scope.commune?.id ?? 0}
        and ${inPeriod} and m.prev_month < ${scope.fromMonth}::date`),
    db.execute(sql`
      select coalesce(sum(m.sub_orders), 0)::float8 as sub_orders, coalesce(sum(m.value_vnd), 0)::float8 as value
      from insight_awaiting_payment_months m where m.organisation_id in ${orgs} and ${inPeriod}`),
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
  const unpaid = rowsOf<{ sub_orders: number; value: number }>(awaiting)[0];
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
    awaitingPayment: { subOrders: Number(unpaid?.sub_orders ?? 0), valueVnd: Number(unpaid?.value ?? 0) },
  };
}
