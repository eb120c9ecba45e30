/**
 * The supply stage of the key products' value chains without reading every lot's households on each
 * request (db/schema/insights.ts: insight_chain_members, insight_chain_member_months; decision 0012).
 *
 * A commune group shows how many households its lots reach and what they delivered, each household
 * and each delivery counted once however many lots of the period carry it. Those counts do not add up
 * across months, so each member (household or delivery) keeps the list of months its lots sold in, per
 * level, place and selling organisation; insight_chain_member_months counts members by month and
 * previous month, from which any period's count is exact (see the table's comment).
 *
 * Kept inside refreshInsights's transaction, after the chain rollups: the members of a lot that
 * started or stopped selling (for an organisation) in a recomputed month, of a lot re-shared, of an
 * edited household, of a key product whose level changed or of an organisation that moved are worked
 * out again from all their lots' months; their old rows are counted out and their new ones in.
 * Everyone else's months cannot have changed.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";

/** Temporary tables (dropped at commit): members to work out again, and the changes to count. */
const REDO = "insight_refresh_chain_members";
const DELTA = "insight_refresh_chain_delta";
const COUNTS = "insight_refresh_chain_counts";
const SOLD = "insight_refresh_chain_sold";

const dateArray = (months: readonly string[]) => sql`${`{${months.join(",")}}`}::date[]`;
const uuidArray = (values: readonly string[]) => sql`${`{${values.join(",")}}`}::uuid[]`;

const KEY = "kind, member_id, level, province_code, commune_id, organisation_id";
const COLUMNS = `${KEY}, member_commune_id, uom, quantity, paid_vnd`;

/**
 * Every (member, level, place, seller, month) of the sold lots' months picked by `lotMonths` (a
 * condition on insight_chain_lot_months m) and the members picked by `members` (on kind and member_id).
 */
function memberMonthRows(lotMonths: SQL, members: SQL): SQL {
  return sql`
    with lm as (
      select m.batch_id, m.organisation_id, m.month, p.province_code, pl.commune_id, lv.level
      from insight_chain_lot_months m
      join insight_key_products k on k.product_id = m.product_id
      join insight_place_organisations p on p.organisation_id = k.organisation_id
      cross join lateral (values (k.key_level), ('any')) lv(level)
      cross join lateral (values (p.commune_id), (0)) pl(commune_id)
      where ${lotMonths}
    ), rows as (
      select 'household'::text as kind, lh.household_id as member_id, lm.level, lm.province_code, lm.commune_id, lm.organisation_id,
        lh.commune_id as member_commune_id, ''::text as uom, 0::numeric(14, 3) as quantity, 0::bigint as paid_vnd, lm.month
      from lm join insight_lot_households lh on lh.batch_id = lm.batch_id
      union all
      select 'supply', ls.supply_id, lm.level, lm.province_code, lm.commune_id, lm.organisation_id,
        ls.commune_id, ls.uom, ls.quantity, ls.paid_vnd, lm.month
      from lm join insight_lot_supplies ls on ls.batch_id = lm.batch_id and ls.organisation_id = lm.organisation_id
    )
    select ${sql.raw(COLUMNS)}, array_agg(distinct month order by month) as months
    from rows r where ${members}
    group by ${sql.raw(COLUMNS)}`;
}

/** The month × previous-month counts of some member rows (a relation with COLUMNS, months and sign). */
function countRows(from: SQL): SQL {
  return sql`
    select d.kind, d.level, d.province_code, d.commune_id, u.month, d.organisation_id, d.member_commune_id, d.uom, u.prev_month,
      sum(d.sign)::int as members, sum(d.sign * d.quantity) as quantity, sum(d.sign * d.paid_vnd)::bigint as paid_vnd
    from ${from} d
    cross join lateral unnest(d.months, array_prepend('-infinity'::date, d.months[1:cardinality(d.months) - 1])) u(month, prev_month)
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9`;
}

/** First refresh: every member and count from scratch. */
export async function rebuildChainMembers(db: Database): Promise<void> {
  await db.execute(sql`delete from insight_chain_members`);
  await db.execute(sql`delete from insight_chain_member_months`);
  await db.execute(sql`insert into insight_chain_members (${sql.raw(COLUMNS)}, months) ${memberMonthRows(sql`true`, sql`true`)}`);
  await db.execute(sql`
    insert into insight_chain_member_months (kind, level, province_code, commune_id, month, organisation_id, member_commune_id, uom, prev_month, members, quantity, paid_vnd)
    ${countRows(sql`(select *, 1 as sign from insight_chain_members)`)}`);
}

/**
 * Incremental refresh, before the chain rollups change: the table of members to work out again, and
 * which lots sold in which of the months about to be recomputed, by which organisation.
 */
export async function prepareChainMembers(db: Database, months: readonly string[]): Promise<void> {
  await db.execute(sql.raw(`create temporary table ${REDO} (kind text not null, member_id uuid not null, primary key (kind, member_id)) on commit drop`));
  await db.execute(sql`create temporary table ${sql.raw(SOLD)} on commit drop as
    select distinct month, batch_id, organisation_id from insight_chain_lot_months where month = any(${dateArray(months)})`);
}

/** Members carried by some lots (their households and deliveries) are to be worked out again. */
export async function redoMembersOfLots(db: Database, lots: readonly string[]): Promise<void> {
  if (lots.length === 0) return;
  const ids = uuidArray(lots);
  await db.execute(sql`
    insert into ${sql.raw(REDO)} (kind, member_id)
    select 'household', household_id from insight_lot_households where batch_id = any(${ids})
    union
    select 'supply', supply_id from insight_lot_supplies where batch_id = any(${ids})
    on conflict do nothing`);
}

/** Households edited since the last refresh (they may have moved commune), and their deliveries. */
export async function redoMembersOfHouseholds(db: Database, households: SQL): Promise<void> {
  await db.execute(sql`
    insert into ${sql.raw(REDO)} (kind, member_id)
    select 'household', id from ${households} h
    union
    select 'supply', ls.supply_id from insight_lot_supplies ls where ls.household_id in (select id from ${households} h)
    on conflict do nothing`);
}

export interface ChainMemberRefresh {
  /** Sales months recomputed (YYYY-MM-01). */
  months: readonly string[];
  /** Key products whose level or organisation changed, and organisations whose place changed. */
  products: readonly string[];
  organisations: readonly string[];
}

/** Incremental refresh, after the chain rollups and the places: brings members and counts along. */
export async function refreshChainMembers(db: Database, r: ChainMemberRefresh): Promise<number> {
  // A member's months change only when one of its lots starts or stops selling (for an organisation)
  // in a recomputed month; more or fewer sales within a month it already sold in change nothing.
  if (r.months.length > 0) {
    const months = dateArray(r.months);
    const now = sql`select distinct month, batch_id, organisation_id from insight_chain_lot_months where month = any(${months})`;
    const flipped = rowsOf<{ batch_id: string }>(
      await db.execute(sql`
        select batch_id from (select * from ${sql.raw(SOLD)} except ${now}) gone
        union
        select batch_id from (${now} except select * from ${sql.raw(SOLD)}) came`),
    ).map((x) => x.batch_id);
    await redoMembersOfLots(db, flipped);
  }
  if (r.products.length > 0 || r.organisations.length > 0) {
    const lots = rowsOf<{ batch_id: string }>(
      await db.execute(sql`
        select distinct m.batch_id from insight_chain_lot_months m join products p on p.id = m.product_id
        where m.product_id = any(${uuidArray(r.products)}) or p.organisation_id = any(${uuidArray(r.organisations)})`),
    ).map((x) => x.batch_id);
    await redoMembersOfLots(db, lots);
  }
  await db.execute(sql`analyze ${sql.raw(REDO)}`);
  await db.execute(sql.raw(`create temporary table ${DELTA} on commit drop as select ${COLUMNS}, months, 0 as sign from insight_chain_members with no data`));
  const redo = sql.raw(REDO);

  // Members worked out again from all their lots' months: their old rows out, their new rows in.
  await db.execute(sql`
    insert into ${sql.raw(DELTA)} (${sql.raw(COLUMNS)}, months, sign)
    select ${sql.raw(COLUMNS)}, months, -1 from insight_chain_members s
    where exists (select 1 from ${redo} x where x.kind = s.kind and x.member_id = s.member_id)`);
  await db.execute(sql`
    insert into ${sql.raw(DELTA)} (${sql.raw(COLUMNS)}, months, sign)
    select ${sql.raw(COLUMNS)}, months, 1 from (${memberMonthRows(
      sql`m.batch_id in (
        select lh.batch_id from insight_lot_households lh join ${redo} x on x.kind = 'household' and x.member_id = lh.household_id
        union
        select ls.batch_id from insight_lot_supplies ls join ${redo} x on x.kind = 'supply' and x.member_id = ls.supply_id)`,
      sql`exists (select 1 from ${redo} x where x.kind = r.kind and x.member_id = r.member_id)`,
    )}) n`);

  // Apply: the counts move by the difference; the member lists are replaced.
  const changed = Number(rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${DELTA}`)))[0]?.n ?? 0);
  if (changed === 0) return 0;
  // Counts that exist move by the difference (an insert's CHECK is tested before ON CONFLICT, so no upsert);
  // new ones are inserted, and a negative one fails the check: the rollup would be inconsistent.
  await db.execute(sql`create temporary table ${sql.raw(COUNTS)} on commit drop as ${countRows(sql.raw(DELTA))}`);
  const same = sql`t.kind = c.kind and t.level = c.level and t.province_code = c.province_code and t.commune_id = c.commune_id and t.month = c.month
    and t.organisation_id = c.organisation_id and t.member_commune_id = c.member_commune_id and t.uom = c.uom and t.prev_month = c.prev_month`;
  await db.execute(sql`
    update insight_chain_member_months t set members = t.members + c.members, quantity = t.quantity + c.quantity, paid_vnd = t.paid_vnd + c.paid_vnd
    from ${sql.raw(COUNTS)} c where ${same}`);
  await db.execute(sql`
    insert into insight_chain_member_months (kind, level, province_code, commune_id, month, organisation_id, member_commune_id, uom, prev_month, members, quantity, paid_vnd)
    select * from ${sql.raw(COUNTS)} c where c.members <> 0 and not exists (select 1 from insight_chain_member_months t where ${same})`);
  await db.execute(sql`delete from insight_chain_member_months where members = 0`);
  await db.execute(sql`
    delete from insight_chain_members s using ${sql.raw(DELTA)} d
    where d.sign = -1 and (s.kind, s.member_id, s.level, s.province_code, s.commune_id, s.organisation_id)
      = (d.kind, d.member_id, d.level, d.province_code, d.commune_id, d.organisation_id)`);
  await db.execute(sql`
    insert into insight_chain_members (${sql.raw(COLUMNS)}, months)
    select ${sql.raw(COLUMNS)}, months from ${sql.raw(DELTA)} where sign = 1`);
  return changed;
}
