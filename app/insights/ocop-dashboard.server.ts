/**
 * The department's OCOP dashboard queries (read only): applications, decisions and the certificate register of the
 * producers in the scope's place. Stars count only from certificates the register holds as valid on the day asked
 * (a suspended or revoked certificate stops counting from the day its status changed).
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { saleCondition } from "~/market/sales-rule";
import { applicationStatuses, type ApplicationStatus } from "~/ocop/rules";
import { monthRange } from "./filters";
import { addMonths, EXPIRY_LOOKAHEAD_MONTHS, monthEnds, type OcopDashboard } from "./ocop-dashboard";
import { scopedOrganisations, type DashboardScope } from "./scope.server";

const VN = sql.raw(`'Asia/Ho_Chi_Minh'`);
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

export async function getOcopDashboard(db: Database, scope: DashboardScope, today: string): Promise<OcopDashboard> {
  const orgs = scopedOrganisations(scope);
  const months = monthRange(scope.filters.from, scope.filters.to);
  const ends = monthEnds(months, today);
  const horizon = addMonths(today, EXPIRY_LOOKAHEAD_MONTHS);
  const since = addMonths(today, -12);
  const startedInPeriod = sql`(a.created_at at time zone ${VN})::date between ${scope.start}::date and ${scope.end}::date`;
  const [stages, places, results, expiring, stars, storefront] = await Promise.all([
    db.execute(sql`
      select to_char(a.created_at at time zone ${VN}, 'YYYY-MM') as month, a.status::text as status, count(*)::int as n
      from ocop_applications a
      where a.organisation_id in ${orgs} and ${startedInPeriod}
      group by 1, 2`),
    db.execute(sql`
      select coalesce(c.name_vi, '—') as commune_vi, ps.product_group::text as "group", count(*)::int as applications,
        count(di.application_id)::int as decided, count(di.stars)::int as ranked, avg(di.score)::float8 as mean_score
      from ocop_applications a
      join organisations o on o.id = a.organisation_id
      left join communes c on c.id = o.commune_id
      join ocop_criteria_sheets s on s.id = a.sheet_id
      join ocop_product_sets ps on ps.code = s.product_set_code
      left join ocop_decision_items di on di.application_id = a.id
      where a.organisation_id in ${orgs} and ${startedInPeriod}
      group by 1, 2
      order by 1, 2`),
    db.execute(sql`
      select ps.product_group::text as "group", count(*)::int as decided, count(di.stars)::int as ranked,
        count(*) filter (where di.stars = 3)::int as stars3, count(*) filter (where di.stars = 4)::int as stars4,
        count(*) filter (where di.stars = 5)::int as stars5, count(*) filter (where di.proposed_five_stars)::int as proposed_five,
        avg(di.score)::float8 as mean_score
      from ocop_decision_items di
      join ocop_decisions d on d.id = di.decision_id
      join ocop_applications a on a.id = di.application_id
      join ocop_criteria_sheets s on s.id = a.sheet_id
      join ocop_product_sets ps on ps.code = s.product_set_code
      where a.organisation_id in ${orgs} and d.signed_on between ${scope.start}::date and ${scope.end}::date
      group by 1
      order by 1`),
    db.execute(sql`
      select c.number, p.slug, p.name_vi, p.name_en, o.name as producer, c.stars::int as stars, c.expires_on::text as expires_on,
        (c.expires_on - ${today}::date)::int as days_left
      from ocop_certificates c
      join products p on p.id = c.product_id
      join organisations o on o.id = c.organisation_id
      where c.status = 'valid' and c.organisation_id in ${orgs}
        and c.issued_on <= ${today}::date and c.expires_on between ${today}::date and ${horizon}::date
      order by c.expires_on, p.name_vi`),
    ends.length === 0
      ? Promise.resolve(null)
      : db.execute(sql`
      select d.day::text as day, count(*) filter (where c.stars = 3)::int as stars3, count(*) filter (where c.stars = 4)::int as stars4,
        count(*) filter (where c.stars = 5)::int as stars5
      from unnest(string_to_array(${ends.map((e) => e.day).join(",")}, ',')::date[]) as d(day)
      left join ocop_certificates c on c.organisation_id in ${orgs} and c.issued_on <= d.day and c.expires_on >= d.day
        and (c.status = 'valid' or (c.status_changed_at at time zone ${VN})::date > d.day)
      group by d.day
      order by d.day`),
    db.execute(sql`
      with producers as (
        select distinct c.organisation_id from ocop_certificates c
        where c.status = 'valid' and c.issued_on <= ${today}::date and c.expires_on >= ${today}::date and c.organisation_id in ${orgs}
      )
      select count(*)::int as producers,
        count(*) filter (where exists (
          select 1 from sub_orders s join orders o on o.id = s.order_id
          where s.organisation_id = pr.organisation_id and ${saleCondition("o", "s")}
            and (o.created_at at time zone ${VN})::date > ${since}::date
        ))::int as selling
      from producers pr`),
  ]);

  const stageMap = new Map<string, Record<ApplicationStatus, number>>();
  for (const month of months) stageMap.set(month, Object.fromEntries(applicationStatuses.map((s) => [s, 0])) as Record<ApplicationStatus, number>);
  for (const r of rowsOf<{ month: string; status: ApplicationStatus; n: number }>(stages)) {
    const row = stageMap.get(r.month);
    if (row) row[r.status] = num(r.n);
  }
  const starsByDay = new Map(rowsOf<{ day: string; stars3: number; stars4: number; stars5: number }>(stars ?? { rows: [] }).map((r) => [r.day, r]));
  const sf = rowsOf<{ producers: number; selling: number }>(storefront)[0];
  return {
    stages: months.map((month) => ({ month, counts: stageMap.get(month)! })),
    places: rowsOf<{ commune_vi: string; group: string; applications: number; decided: number; ranked: number; mean_score: number | null }>(places).map((r) => ({
      communeVi: r.commune_vi,
      group: r.group,
      applications: num(r.applications),
      decided: num(r.decided),
      ranked: num(r.ranked),
      meanScore: numOrNull(r.mean_score),
    })),
    results: rowsOf<{ group: string; decided: number; ranked: number; stars3: number; stars4: number; stars5: number; proposed_five: number; mean_score: number | null }>(results).map((r) => ({
      group: r.group,
      decided: num(r.decided),
      ranked: num(r.ranked),
      stars3: num(r.stars3),
      stars4: num(r.stars4),
      stars5: num(r.stars5),
      proposedFive: num(r.proposed_five),
      meanScore: numOrNull(r.mean_score),
    })),
    expiring: rowsOf<{ number: string; slug: string; name_vi: string; name_en: string | null; producer: string; stars: number; expires_on: string; days_left: number }>(expiring).map((r) => ({
      number: r.number,
      slug: r.slug,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      producer: r.producer,
      stars: num(r.stars),
      expiresOn: r.expires_on,
      daysLeft: num(r.days_left),
    })),
    starsOverTime: ends.map((e) => {
      const r = starsByDay.get(e.day);
      return { month: e.month, day: e.day, stars3: num(r?.stars3), stars4: num(r?.stars4), stars5: num(r?.stars5) };
    }),
    storefront: { producers: num(sf?.producers), selling: num(sf?.selling), since },
  };
}
