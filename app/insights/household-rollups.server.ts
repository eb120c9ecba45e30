/**
 * The households dashboard's rollups (insight_household_facts, insight_household_cooperatives) per
 * year and commune. A year is built the first time a dashboard asks for it, then kept by
 * refreshInsights: only the communes whose households, statuses, surveys, deliveries, payments or
 * attributed sales changed since the last refresh are recomputed (every kept year, since a status
 * also counts as the next year's "before"); an edited household (it may have moved commune)
 * recomputes its years whole.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { KINH } from "~/households/ethnic-groups";

export const BASELINE_YEAR = 2020;
export const INCOME_RISE_PERCENT = 10;

const intArray = (values: readonly number[]) => sql`${`{${values.join(",")}}`}::int[]`;

export type HouseholdSource = "live" | "rollups";

/** Grouped household facts of a year, as stored in insight_household_facts (columns of the same names). */
function factsSelect(year: number, only: SQL): SQL {
  return sql`
    select ${year}::smallint as year, h.commune_id,
      h.left_on is null or h.left_on >= make_date(${year}, 1, 1) as active,
      h.head_sex::text as head_sex, h.ethnicity_code = ${KINH} as kinh, s.status::text as status, p.status::text as status_before,
      i.income_per_person_vnd is not null and h.baseline_income_vnd is not null as has_pair,
      coalesce(h.baseline_year = ${BASELINE_YEAR}, false) as baseline_2020,
      case when h.baseline_income_vnd > 0 and i.income_per_person_vnd is not null
        then i.income_per_person_vnd::float8 >= h.baseline_income_vnd::float8 * 1.1::float8 end as rose_float,
      case when h.baseline_income_vnd > 0 and i.income_per_person_vnd is not null
        then i.income_per_person_vnd * 100 >= h.baseline_income_vnd * ${100 + INCOME_RISE_PERCENT} end as rose_whole,
      count(*)::int as households,
      coalesce(sum(h.baseline_income_vnd) filter (where i.income_per_person_vnd is not null), 0)::bigint as baseline_sum,
      coalesce(sum(i.income_per_person_vnd) filter (where h.baseline_income_vnd is not null), 0)::bigint as now_sum
    from households h
    left join household_statuses s on s.household_id = h.id and s.year = ${year}
    left join household_income_surveys i on i.household_id = h.id and i.year = ${year}
    left join household_statuses p on p.household_id = h.id and p.year = ${year - 1}
    where h.joined_on <= make_date(${year}, 12, 31) and (h.left_on is null or h.left_on >= make_date(${year - 1}, 1, 1)) and ${only}
    group by 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`;
}

/** Member households of a year per commune and cooperative, as stored in insight_household_cooperatives. */
function cooperativesSelect(year: number, only: SQL): SQL {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  return sql`
    with hh as (
      select h.id, h.commune_id, h.organisation_id from households h
      where h.joined_on <= make_date(${year}, 12, 31) and (h.left_on is null or h.left_on >= make_date(${year}, 1, 1)) and ${only}
    ), received as (
      select m.household_id, sum(m.vnd) as vnd from (
        select s.household_id, s.price_paid_vnd as vnd from household_supplies s join hh on hh.id = s.household_id
        where s.supplied_on >= ${from}::date and s.supplied_on < ${to}::date
        union all
        select p.household_id, p.amount_vnd from household_payments p join hh on hh.id = p.household_id
        where p.paid_on >= ${from}::date and p.paid_on < ${to}::date
      ) m group by 1
    ), attributed as (
      select v.household_id, sum(v.value_vnd) as vnd from insight_household_sales_years v join hh on hh.id = v.household_id
      where v.year = ${year} group by 1
    )
    select ${year}::smallint as year, hh.commune_id, hh.organisation_id, count(*)::int as households,
      coalesce(sum(r.vnd), 0)::bigint as received_vnd, coalesce(sum(a.vnd), 0)::bigint as attributed_vnd
    from hh left join received r on r.household_id = hh.id left join attributed a on a.household_id = hh.id
    group by 2, 3`;
}

/**
 * Where the households dashboard reads a year from, as a relation with the rollup tables' columns:
 * the rollups themselves, or the same grouping computed live from the source rows (tests, and
 * callers that must see a change at once). `place` narrows the live computation early.
 */
export function householdRelations(source: HouseholdSource, year: number, place: SQL): { facts: SQL; cooperatives: SQL } {
  if (source === "rollups") return { facts: sql`insight_household_facts`, cooperatives: sql`insight_household_cooperatives` };
  return { facts: sql`(${factsSelect(year, place)})`, cooperatives: sql`(${cooperativesSelect(year, place)})` };
}

/** Recomputes one year's rows, for some communes or (null) all of them. */
export async function recomputeHouseholdYear(db: Database, year: number, communes: readonly number[] | null): Promise<void> {
  const only = (column: SQL) => (communes === null ? sql`true` : sql`${column} = any(${intArray(communes)})`);
  await db.execute(sql`delete from insight_household_facts where year = ${year} and ${only(sql`commune_id`)}`);
  await db.execute(sql`delete from insight_household_cooperatives where year = ${year} and ${only(sql`commune_id`)}`);
  await db.execute(sql`
    insert into insight_household_facts (year, commune_id, active, head_sex, kinh, status, status_before, has_pair, baseline_2020,
      rose_float, rose_whole, households, baseline_sum, now_sum)
    ${factsSelect(year, only(sql`h.commune_id`))}`);
  await db.execute(sql`
    insert into insight_household_cooperatives (year, commune_id, organisation_id, households, received_vnd, attributed_vnd)
    ${cooperativesSelect(year, only(sql`h.commune_id`))}`);
  if (communes === null) await db.execute(sql`analyze insight_household_facts, insight_household_cooperatives`);
  await db.execute(sql`insert into insight_household_years (year, built_at) values (${year}, now())
    on conflict (year) do update set built_at = excluded.built_at`);
}

/** Builds a year the first time it is asked for (under the refresh lock, so never twice). */
export async function ensureHouseholdYear(db: Database, year: number): Promise<void> {
  const built = async (d: Database) => rowsOf(await d.execute(sql`select 1 from insight_household_years where year = ${year}`)).length > 0;
  if (await built(db)) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('ocoptrace:insights_refresh', 0))`);
    if (!(await built(tx))) await recomputeHouseholdYear(tx, year, null);
  });
}

/**
 * Brings the kept years along after `since` (null: rebuild them). `attributedOrganisations` are the
 * selling organisations whose attributed sales were recomputed, per year.
 */
export async function refreshHouseholdYears(db: Database, since: Date | null, attributedOrganisations: ReadonlyMap<number, readonly string[]>): Promise<number[]> {
  const years = rowsOf<{ year: number }>(await db.execute(sql`select year from insight_household_years order by year`)).map((r) => Number(r.year));
  if (years.length === 0) return [];
  if (since === null) {
    for (const y of years) await recomputeHouseholdYear(db, y, null);
    return [];
  }
  const at = since.toISOString();
  const edited = rowsOf(await db.execute(sql`select 1 from households where updated_at > ${at} and updated_at > created_at limit 1`)).length > 0;
  if (edited) {
    for (const y of years) await recomputeHouseholdYear(db, y, null);
    return [];
  }
  const orgs = [...new Set([...attributedOrganisations.values()].flat())];
  const communes = rowsOf<{ commune_id: number }>(
    await db.execute(sql`
      select distinct h.commune_id from households h
      where h.created_at > ${at}
         or h.id in (select household_id from household_statuses where recorded_at > ${at})
         or h.id in (select household_id from household_income_surveys where recorded_at > ${at})
         or h.id in (select household_id from household_supplies where created_at > ${at})
         or h.id in (select household_id from household_payments where created_at > ${at})
         ${
           orgs.length > 0
             ? sql`or h.organisation_id = any(${`{${orgs.join(",")}}`}::uuid[])
         or h.id in (select household_id from insight_household_sales_years where organisation_id = any(${`{${orgs.join(",")}}`}::uuid[]))`
             : sql``
         }`),
  ).map((r) => Number(r.commune_id));
  if (communes.length > 0) for (const y of years) await recomputeHouseholdYear(db, y, communes);
  return communes;
}
