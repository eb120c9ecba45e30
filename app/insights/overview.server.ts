/**
 * The department's overview of a place and period: who takes part, OCOP products and certificates,
 * lots traced, consumer scans, storefront sales and how many OCOP entities sell online.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { monthsOf, scopedOrganisations, type DashboardScope } from "./scope.server";

export const OCOP_GROUPS = ["food", "beverage", "herbal", "handicraft", "ornamental", "tourism_service"] as const;
export type OcopGroupCode = (typeof OCOP_GROUPS)[number];
export const OCOP_STARS = [3, 4, 5] as const;
/** Certificates this close to expiry are listed for renewal (same window as the cooperative workspace). */
export const EXPIRY_WINDOW_DAYS = 90;

export interface OcopCell {
  group: OcopGroupCode;
  stars: 3 | 4 | 5;
  products: number;
}

export interface ExpiringCertificate {
  productId: string;
  slug: string;
  nameVi: string;
  nameEn: string | null;
  organisationName: string;
  stars: number;
  certificateNumber: string;
  expiresOn: string;
}

export interface Overview {
  cooperatives: number;
  producers: number;
  /** Producing organisations holding at least one OCOP certificate valid today. */
  ocopEntities: number;
  /** Of those, how many had at least one storefront sale in the period. */
  ocopEntitiesSelling: number;
  ocop: OcopCell[];
  ocopProducts: number;
  expiring: ExpiringCertificate[];
  expired: number;
  batches: number;
  scans: number;
  salesValueVnd: number;
  subOrders: number;
  unitsSold: number;
}

/** OCOP entities that sold online, in percent with one decimal; null when there are none. */
export function ecommerceSharePercent(o: Pick<Overview, "ocopEntities" | "ocopEntitiesSelling">): number | null {
  if (o.ocopEntities === 0) return null;
  return Math.round((o.ocopEntitiesSelling / o.ocopEntities) * 1000) / 10;
}

export async function getOverview(db: Database, scope: DashboardScope, today: string): Promise<Overview> {
  const orgs = scopedOrganisations(scope);
  const validToday = sql`p.ocop_stars is not null and p.ocop_issued_on <= ${today}::date and p.ocop_expires_on >= ${today}::date`;
  const [counts, ocop, expiring, expired, batches, scans, sales] = await Promise.all([
    db.execute(sql`
      select
        count(*) filter (where o.kind in ('cooperative', 'cooperative_group'))::int as cooperatives,
        count(*)::int as producers,
        count(*) filter (where exists (select 1 from products p where p.organisation_id = o.id and p.status = 'active' and ${validToday}))::int as ocop_entities,
        count(*) filter (where exists (select 1 from products p where p.organisation_id = o.id and p.status = 'active' and ${validToday})
          and exists (select 1 from insight_seller_months m where m.organisation_id = o.id and ${monthsOf(scope, sql`m.month`)}))::int as ocop_selling
      from organisations o where o.status = 'active' and o.id in ${orgs}`),
    db.execute(sql`
      select p.ocop_group::text as "group", p.ocop_stars::int as stars, count(*)::int as products
      from products p where p.status = 'active' and ${validToday} and p.organisation_id in ${orgs}
      group by 1, 2`),
    db.execute(sql`
      select p.id, p.slug, p.name_vi, p.name_en, o.name as organisation_name, p.ocop_stars::int as stars,
        p.ocop_certificate_number, p.ocop_expires_on::text as expires_on
      from products p join organisations o on o.id = p.organisation_id
      where p.status = 'active' and p.ocop_stars is not null and p.organisation_id in ${orgs}
        and p.ocop_expires_on between ${today}::date and ${today}::date + ${EXPIRY_WINDOW_DAYS}::int
      order by p.ocop_expires_on, p.name_vi`),
    db.execute(sql`
      select count(*)::int as n from products p
      where p.status = 'active' and p.ocop_stars is not null and p.ocop_expires_on < ${today}::date and p.organisation_id in ${orgs}`),
    db.execute(sql`
      select count(*)::int as n from batches b
      where b.organisation_id in ${orgs} and b.produced_on between ${scope.start}::date and ${scope.end}::date`),
    db.execute(sql`
      select coalesce(sum(m.scans), 0)::float8 as n from insight_scan_months m
      where m.organisation_id in ${orgs} and ${monthsOf(scope, sql`m.month`)}`),
    db.execute(sql`
      select coalesce(sum(m.value_vnd), 0)::float8 as value, coalesce(sum(m.sub_orders), 0)::float8 as sub_orders,
        coalesce(sum(m.units), 0)::float8 as units
      from insight_seller_months m where m.organisation_id in ${orgs} and ${monthsOf(scope, sql`m.month`)}`),
  ]);
  const c = rowsOf<{ cooperatives: number; producers: number; ocop_entities: number; ocop_selling: number }>(counts)[0];
  const ocopCells = rowsOf<{ group: OcopGroupCode; stars: 3 | 4 | 5; products: number }>(ocop).map((r) => ({
    group: r.group,
    stars: Number(r.stars) as 3 | 4 | 5,
    products: Number(r.products),
  }));
  const s = rowsOf<{ value: number; sub_orders: number; units: number }>(sales)[0];
  return {
    cooperatives: Number(c?.cooperatives ?? 0),
    producers: Number(c?.producers ?? 0),
    ocopEntities: Number(c?.ocop_entities ?? 0),
    ocopEntitiesSelling: Number(c?.ocop_selling ?? 0),
    ocop: ocopCells,
    ocopProducts: ocopCells.reduce((n, cell) => n + cell.products, 0),
    expiring: rowsOf<{
      id: string;
      slug: string;
      name_vi: string;
      name_en: string | null;
      organisation_name: string;
      stars: number;
      ocop_certificate_number: string;
      expires_on: string;
    }>(expiring).map((r) => ({
      productId: r.id,
      slug: r.slug,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      organisationName: r.organisation_name,
      stars: Number(r.stars),
      certificateNumber: r.ocop_certificate_number,
      expiresOn: r.expires_on,
    })),
    expired: Number(rowsOf<{ n: number }>(expired)[0]?.n ?? 0),
    batches: Number(rowsOf<{ n: number }>(batches)[0]?.n ?? 0),
    scans: Number(rowsOf<{ n: number }>(scans)[0]?.n ?? 0),
    salesValueVnd: Number(s?.value ?? 0),
    subOrders: Number(s?.sub_orders ?? 0),
    unitsSold: Number(s?.units ?? 0),
  };
}
