/**
 * The coarser rollups the market and value-chain pages read (db/schema/insights.ts, decision 0012),
 * derived inside refreshInsights's transaction from the finer rollups it has just brought along:
 *
 * - per selling commune (and its province): sales by month × buyer province, the first month each
 *   buyer province was reached, scans by month × scanning province, and the key products' value
 *   chain by month × level × processing step × buyer province;
 * - per organisation or product (no place): sales by month, for the top lists; lots by month without
 *   the buyer province, for the value chain;
 * - buyers per place and month with the buyer's previous and next month at the same place, so the
 *   repeat-buyer rate of any period is exact (see insightRepeatBuyers).
 *
 * What is recomputed: every row of the months the sales or scan refresh touched, and every month of
 * the communes whose organisations moved, changed kind, or whose key products or lots' processing
 * steps changed. insight_place_organisations and insight_key_products record the places and levels
 * the rows were counted under, so those changes are found by comparison (no timestamps needed).
 * Repeat buyers are not additive, so they are kept per buyer as a delta: the contribution of every
 * buyer whose months may change is taken out before the sales refresh and put back after it.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { PRODUCER_KINDS } from "./scope.server";
import { saleCondition } from "~/market/sales-rule";
import { VIETNAM_TIME_ZONE } from "~/lib/vietnam-time";

/** Temporary table (dropped at commit) of the buyers whose repeat-buyer rows a refresh redoes. */
const BUYERS = "insight_refresh_buyers";

const dateList = (months: readonly string[]) =>
  sql`(${sql.join(
    months.map((m) => sql`${m}::date`),
    sql`, `,
  )})`;
const intArray = (values: readonly number[]) => sql`${`{${values.join(",")}}`}::int[]`;
const uuidArray = (values: readonly string[]) => sql`${`{${values.join(",")}}`}::uuid[]`;

/** What changed in the places and key products since the rollups were last derived. */
export interface PlaceChanges {
  /** Organisations whose place or producer status changed (their rows move). */
  organisations: string[];
  /** Key products whose level or organisation changed (or that stopped or started being key products). */
  products: string[];
  /** Communes whose rows must be redone for every month (before and after a move). */
  communes: number[];
}

const currentPlaces = sql`
  select o.id as organisation_id, c.province_code, c.id as commune_id
  from organisations o join communes c on c.id = o.commune_id
  where o.kind in (${sql.join(
    PRODUCER_KINDS.map((k) => sql`${k}`),
    sql`, `,
  )})`;
const currentKeyProducts = sql`select p.id as product_id, p.organisation_id, p.key_product_level::text as key_level from products p where p.key_product_level is not null`;

/** Compares the recorded places and key products with the catalogue (read only). */
export async function findPlaceChanges(db: Database): Promise<PlaceChanges> {
  const moved = rowsOf<{ organisation_id: string; old_commune: number | null; new_commune: number | null }>(
    await db.execute(sql`
      select coalesce(n.organisation_id, o.organisation_id) as organisation_id, o.commune_id as old_commune, n.commune_id as new_commune
      from (${currentPlaces}) n full join insight_place_organisations o on o.organisation_id = n.organisation_id
      where n.organisation_id is null or o.organisation_id is null or n.commune_id <> o.commune_id or n.province_code <> o.province_code`),
  );
  const rekeyed = rowsOf<{ product_id: string; organisations: string[] | string }>(
    await db.execute(sql`
      select coalesce(n.product_id, o.product_id) as product_id, array_remove(array[n.organisation_id, o.organisation_id], null)::text[] as organisations
      from (${currentKeyProducts}) n full join insight_key_products o on o.product_id = n.product_id
      where n.product_id is null or o.product_id is null or n.key_level <> o.key_level or n.organisation_id <> o.organisation_id`),
  );
  const rekeyedOrganisations = rekeyed.flatMap((r) => (typeof r.organisations === "string" ? r.organisations.replace(/[{}]/g, "").split(",").filter(Boolean) : r.organisations));
  // The communes of those products' organisations, as recorded and as they are now.
  const rekeyedCommunes =
    rekeyedOrganisations.length === 0
      ? []
      : rowsOf<{ commune_id: number }>(
          await db.execute(sql`
            select commune_id from insight_place_organisations where organisation_id = any(${uuidArray(rekeyedOrganisations)})
            union
            select c.commune_id from (${currentPlaces}) c where c.organisation_id = any(${uuidArray(rekeyedOrganisations)})`),
        );
  const communes = new Set<number>();
  for (const m of moved) {
    if (m.old_commune !== null) communes.add(Number(m.old_commune));
    if (m.new_commune !== null) communes.add(Number(m.new_commune));
  }
  for (const r of rekeyedCommunes) communes.add(Number(r.commune_id));
  return { organisations: moved.map((m) => m.organisation_id), products: rekeyed.map((r) => r.product_id), communes: [...communes].sort((a, b) => a - b) };
}

/** Records the catalogue's current places and key products (after findPlaceChanges, before deriving). */
export async function savePlaces(db: Database, changes: PlaceChanges | null): Promise<void> {
  if (changes && changes.communes.length === 0 && changes.organisations.length === 0 && changes.products.length === 0) return;
  await db.execute(sql`delete from insight_place_organisations`);
  await db.execute(sql`insert into insight_place_organisations (organisation_id, province_code, commune_id) ${currentPlaces}`);
  await db.execute(sql`delete from insight_key_products`);
  await db.execute(sql`insert into insight_key_products (product_id, organisation_id, key_level) ${currentKeyProducts}`);
}

/**
 * Before the sales refresh: notes the buyers whose months may change and takes their repeat-buyer rows
 * out, as counted under the recorded places. A buyer's months change only when the buyer starts or
 * stops buying from an organisation in one of the months about to be recomputed (more or fewer orders
 * within a month it already bought in change nothing), or when an organisation moves.
 */
export async function withdrawRepeatBuyers(db: Database, months: readonly string[], changes: PlaceChanges): Promise<void> {
  await db.execute(sql.raw(`create temporary table ${BUYERS} (buyer_key bigint primary key) on commit drop`));
  if (months.length > 0) {
    const orderMonth = sql`(date_trunc('month', o.created_at at time zone ${VIETNAM_TIME_ZONE}))::date`;
    const fresh = sql`
      select distinct ${orderMonth} as month, s.organisation_id, hashtextextended(coalesce('u:' || o.user_id::text, 'p:' || o.phone), 0) as buyer_key
      from orders o join sub_orders s on s.order_id = o.id
      where ${saleCondition("o", "s")}
        and o.created_at >= (${months[0]!}::timestamp at time zone ${VIETNAM_TIME_ZONE}) and ${orderMonth} in ${dateList(months)}`;
    const old = sql`select month, organisation_id, buyer_key from insight_buyer_months where month in ${dateList(months)}`;
    await db.execute(sql`
      with fresh as materialized (${fresh}), old as materialized (${old})
      insert into ${sql.raw(BUYERS)}
      select buyer_key from (select * from old except select * from fresh) gone
      union
      select buyer_key from (select * from fresh except select * from old) came
      on conflict do nothing`);
  }
  if (changes.organisations.length > 0) {
    await db.execute(sql`insert into ${sql.raw(BUYERS)}
      select distinct buyer_key from insight_buyer_months where organisation_id = any(${uuidArray(changes.organisations)})
      on conflict do nothing`);
  }
  await db.execute(sql`analyze ${sql.raw(BUYERS)}`);
  await db.execute(sql`
    with gone as (${repeatBuyerRows(sql`where b.buyer_key in (select buyer_key from ${sql.raw(BUYERS)})`)})
    update insight_repeat_buyers r set buyers = r.buyers - g.buyers from gone g
    where r.province_code = g.province_code and r.commune_id = g.commune_id and r.month = g.month
      and r.prev_month = g.prev_month and r.next_month = g.next_month`);
  await db.execute(sql`delete from insight_repeat_buyers where buyers = 0`);
}

/** The repeat-buyer rows of some buyers (a `where` on insight_buyer_months b), under the recorded places. */
function repeatBuyerRows(where: SQL): SQL {
  return sql`
    select province_code, commune_id, month, prev_month, next_month, count(*)::int as buyers
    from (
      select province_code, commune_id, month,
        coalesce(lag(month) over w, '-infinity'::date) as prev_month,
        coalesce(lead(month) over w, 'infinity'::date) as next_month
      from (
        select distinct p.province_code, lv.commune_id, b.month, b.buyer_key
        from insight_buyer_months b
        join insight_place_organisations p on p.organisation_id = b.organisation_id
        cross join lateral (values (p.commune_id), (0)) lv(commune_id)
        ${where}
      ) bm
      window w as (partition by province_code, commune_id, buyer_key order by month)
    ) seq
    group by 1, 2, 3, 4, 5`;
}

export interface DeriveRequest {
  /** Rebuild every row (first refresh). */
  full: boolean;
  /** Sales months recomputed by this refresh (YYYY-MM-01). */
  salesMonths: readonly string[];
  /** Months into which scans were added. */
  scanMonths: readonly string[];
  changes: PlaceChanges;
  /** Lots whose processing step or shares were worked out again. */
  resharedLots: readonly string[];
}

/** After the sales, chain and scan refreshes: brings the derived rollups along (see the file comment). */
export async function derivePlaceRollups(db: Database, r: DeriveRequest): Promise<void> {
  const communes = r.changes.communes;
  // Rows to redo: a month that changed, or a commune whose organisations or key products changed.
  const redo = (months: readonly string[], monthColumn: string, communeColumn: string | null): SQL => {
    if (r.full) return sql`true`;
    const parts: SQL[] = [];
    if (months.length > 0) parts.push(sql`${sql.raw(monthColumn)} in ${dateList(months)}`);
    if (communeColumn && communes.length > 0) parts.push(sql`${sql.raw(communeColumn)} = any(${intArray(communes)})`);
    return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
  };
  const sales = r.salesMonths;

  if (r.full || sales.length > 0 || communes.length > 0) {
    await db.execute(sql`delete from insight_place_sales_months where ${redo(sales, "month", "commune_id")}`);
    await db.execute(sql`
      insert into insight_place_sales_months (province_code, month, commune_id, buyer_province_code, sub_orders, units, value_vnd)
      select p.province_code, m.month, p.commune_id, m.buyer_province_code, sum(m.sub_orders)::int, sum(m.units)::bigint, sum(m.value_vnd)::bigint
      from insight_sales_months m join insight_place_organisations p on p.organisation_id = m.organisation_id
      where ${redo(sales, "m.month", "p.commune_id")}
      group by 1, 2, 3, 4`);
    // Small (communes × provinces reached): recomputed whole.
    await db.execute(sql`delete from insight_place_first_sales`);
    await db.execute(sql`
      insert into insight_place_first_sales (province_code, commune_id, buyer_province_code, first_month)
      select province_code, commune_id, buyer_province_code, min(month) from insight_place_sales_months group by 1, 2, 3`);
  }
  if (r.full || sales.length > 0) {
    await db.execute(sql`delete from insight_seller_months where ${redo(sales, "month", null)}`);
    await db.execute(sql`
      insert into insight_seller_months (organisation_id, month, sub_orders, units, value_vnd)
      select m.organisation_id, m.month, sum(m.sub_orders)::int, sum(m.units)::bigint, sum(m.value_vnd)::bigint
      from insight_sales_months m where ${redo(sales, "m.month", null)}
      group by 1, 2`);
    await db.execute(sql`delete from insight_product_months where ${redo(sales, "month", null)}`);
    await db.execute(sql`
      insert into insight_product_months (organisation_id, month, product_id, units, value_vnd)
      select (array_agg(m.organisation_id))[1], m.month, m.product_id, sum(m.units)::bigint, sum(m.value_vnd)::bigint
      from insight_product_sales_months m where ${redo(sales, "m.month", null)}
      group by 2, 3`);
    const quarters = [...new Set(sales.map(quarterOf))];
    await db.execute(sql`delete from insight_product_quarters where ${redo(quarters, "quarter", null)}`);
    await db.execute(sql`
      insert into insight_product_quarters (organisation_id, quarter, product_id, units, value_vnd)
      select (array_agg(m.organisation_id))[1], date_trunc('quarter', m.month)::date, m.product_id, sum(m.units)::bigint, sum(m.value_vnd)::bigint
      from insight_product_months m where ${redo(quarters, "date_trunc('quarter', m.month)::date", null)}
      group by 2, 3`);
    await db.execute(sql`delete from insight_chain_lot_months where ${redo(sales, "month", null)}`);
    await db.execute(sql`
      insert into insight_chain_lot_months (product_id, month, batch_id, organisation_id, units, value_vnd)
      select (array_agg(m.product_id))[1], m.month, m.batch_id, (array_agg(m.organisation_id))[1], sum(m.units)::bigint, sum(m.value_vnd)::bigint
      from insight_chain_months m where ${redo(sales, "m.month", null)}
      group by 2, 3`);
  }

  // A lot whose step was worked out again moves its commune's key-product chain rows.
  const stepCommunes = r.full || r.resharedLots.length === 0 ? [] : await communesOfLots(db, r.resharedLots);
  const chainCommunes = [...new Set([...communes, ...stepCommunes])];
  if (r.full || sales.length > 0 || chainCommunes.length > 0) {
    const redoChain = (monthColumn: string, communeColumn: string) => {
      if (r.full) return sql`true`;
      const parts: SQL[] = [];
      if (sales.length > 0) parts.push(sql`${sql.raw(monthColumn)} in ${dateList(sales)}`);
      if (chainCommunes.length > 0) parts.push(sql`${sql.raw(communeColumn)} = any(${intArray(chainCommunes)})`);
      return sql`(${sql.join(parts, sql` or `)})`;
    };
    await db.execute(sql`delete from insight_chain_step_months where ${redoChain("month", "commune_id")}`);
    await db.execute(sql`
      insert into insight_chain_step_months (province_code, month, commune_id, key_level, step, buyer_province_code, units, value_vnd)
      select p.province_code, m.month, p.commune_id, k.key_level, l.step, m.buyer_province_code, sum(m.units)::bigint, sum(m.value_vnd)::bigint
      from insight_chain_months m
      join insight_key_products k on k.product_id = m.product_id
      join insight_place_organisations p on p.organisation_id = k.organisation_id
      join insight_chain_lots l on l.batch_id = m.batch_id
      where ${redoChain("m.month", "p.commune_id")}
      group by 1, 2, 3, 4, 5, 6`);
  }

  const scans = r.scanMonths;
  if (r.full || scans.length > 0 || communes.length > 0) {
    await db.execute(sql`delete from insight_place_scan_months where ${redo(scans, "month", "commune_id")}`);
    await db.execute(sql`
      insert into insight_place_scan_months (province_code, month, commune_id, scan_province_code, scans)
      select p.province_code, m.month, p.commune_id, m.province_code, sum(m.scans)::bigint
      from insight_scan_months m join insight_place_organisations p on p.organisation_id = m.organisation_id
      where ${redo(scans, "m.month", "p.commune_id")}
      group by 1, 2, 3, 4`);
  }

  if (r.full) {
    await db.execute(sql`delete from insight_repeat_buyers`);
    await db.execute(sql`insert into insight_repeat_buyers (province_code, commune_id, month, prev_month, next_month, buyers) ${repeatBuyerRows(sql``)}`);
  } else {
    // The buyers withdrawn before the sales refresh, put back as they are now.
    await db.execute(sql`
      insert into insight_repeat_buyers (province_code, commune_id, month, prev_month, next_month, buyers)
      ${repeatBuyerRows(sql`where b.buyer_key in (select buyer_key from ${sql.raw(BUYERS)})`)}
      on conflict (province_code, commune_id, month, prev_month, next_month) do update set buyers = insight_repeat_buyers.buyers + excluded.buyers`);
  }
}

/** First day of the calendar quarter of a YYYY-MM-01 month. */
export function quarterOf(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, "0")}-01`;
}

async function communesOfLots(db: Database, lots: readonly string[]): Promise<number[]> {
  const rows = rowsOf<{ commune_id: number }>(
    await db.execute(sql`
      select distinct p.commune_id from batches b
      join insight_key_products k on k.product_id = b.product_id
      join insight_place_organisations p on p.organisation_id = k.organisation_id
      where b.id = any(${uuidArray(lots)})`),
  );
  return rows.map((r) => Number(r.commune_id));
}
