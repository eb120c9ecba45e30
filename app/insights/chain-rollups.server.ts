/**
 * The rollups behind the value chains and the households' attributed sales (db/schema/insights.ts),
 * brought along by refreshInsights in its transaction:
 *
 * - insight_chain_months: the sold allocations of every sales month touched since the last refresh,
 *   recomputed whole (the same months as the sales rollups).
 * - insight_chain_lots / insight_lot_households / insight_lot_supplies: each sold lot's processing
 *   step, its households' shares (app/households/attribution.ts, the very floats the live attribution
 *   uses) and the deliveries in its lineage; worked out when a lot is first sold, and again when a
 *   delivery or a transformation recorded since the last refresh reaches its lineage.
 * - insight_household_sales_years: the attributed sales per household, year and selling organisation,
 *   recomputed for every (year, organisation) whose orders changed or whose lots' shares changed.
 */
import { sql } from "drizzle-orm";
import { rowsOf, uuidArray, type Database } from "#db/client.server";
import { householdWeights, splitVnd, type Weights } from "~/households/attribution";
import { loadLineageGraph } from "~/households/attribution.server";
import { redoMembersOfHouseholds, redoMembersOfLots } from "./chain-members.server";
import { VIETNAM_TIME_ZONE } from "~/lib/vietnam-time";
import { saleCondition } from "~/market/sales-rule";

/** Rows per insert (arrays travel as one parameter each, so this only bounds statement size). */
const CHUNK = 5_000;

const pgArray = (values: readonly (string | number)[]) => `{${values.join(",")}}`;

export interface ChainRefreshReport {
  lotsReshared: number;
  /** The lots whose step, shares and deliveries were worked out again. */
  resharedLots: string[];
  householdYears: { year: number; organisations: number }[];
  /** The selling organisations whose attributed sales were recomputed, per year. */
  organisationsByYear: Map<number, string[]>;
}

/**
 * Brings the chain and household rollups to the source rows. `months` are the sales months to
 * recompute (YYYY-MM-01, ascending); `since` is the previous refresh's watermark (null: rebuild all).
 */
export async function refreshChains(db: Database, months: readonly string[], since: Date | null): Promise<ChainRefreshReport> {
  if (since === null) {
    for (const table of ["insight_chain_months", "insight_lot_households", "insight_lot_communes", "insight_lot_supplies", "insight_chain_lots", "insight_household_sales_years"]) {
      await db.execute(sql.raw(`delete from ${table}`));
    }
  }
  if (months.length > 0) await recomputeChainMonths(db, months);

  // Lots to (re)share: sold for the first time, or reached by a delivery or transformation since `since`.
  const newLots = rowsOf<{ batch_id: string }>(
    await db.execute(sql`select distinct m.batch_id from insight_chain_months m
      where not exists (select 1 from insight_chain_lots l where l.batch_id = m.batch_id)`),
  ).map((r) => r.batch_id);
  const touchedLots = since ? await lotsReachedSince(db, since) : [];
  const lots = [...new Set([...newLots, ...touchedLots])];
  // The key products' supply members (app/insights/chain-members.server.ts) of these lots, before and after.
  if (since) await redoMembersOfLots(db, lots);
  await reshareLots(db, lots);
  if (since) {
    await redoMembersOfLots(db, lots);
    await followHouseholdMoves(db, since);
  }

  // (year, organisation) pairs whose attributed sales may have changed.
  const pairs = new Map<number, Set<string>>();
  const add = (rows: { year: number; organisation_id: string }[]) => {
    for (const r of rows) {
      const set = pairs.get(Number(r.year)) ?? new Set<string>();
      set.add(r.organisation_id);
      pairs.set(Number(r.year), set);
    }
  };
  const year = sql`extract(year from o.created_at at time zone ${VIETNAM_TIME_ZONE})::int`;
  if (since === null) {
    add(rowsOf(await db.execute(sql`select distinct ${year} as year, s.organisation_id from orders o join sub_orders s on s.order_id = o.id`)));
  } else {
    const at = since.toISOString();
    add(
      rowsOf(
        await db.execute(sql`select distinct ${year} as year, s.organisation_id from orders o join sub_orders s on s.order_id = o.id
          where o.created_at > ${at} or o.updated_at > ${at} or s.updated_at > ${at}`),
      ),
    );
    if (touchedLots.length > 0) {
      add(
        rowsOf(
          await db.execute(sql`select distinct ${year} as year, ol.organisation_id from order_line_allocations a
            join order_lines ol on ol.id = a.order_line_id join sub_orders s on s.id = ol.sub_order_id join orders o on o.id = s.order_id
            where a.batch_id = any(${uuidArray(touchedLots)})`),
        ),
      );
    }
  }
  const householdYears: ChainRefreshReport["householdYears"] = [];
  for (const [y, orgs] of [...pairs].sort((a, b) => a[0] - b[0])) {
    await recomputeHouseholdYear(db, y, [...orgs]);
    householdYears.push({ year: y, organisations: orgs.size });
  }
  return { lotsReshared: lots.length, resharedLots: lots, householdYears, organisationsByYear: new Map([...pairs].map(([y, o]) => [y, [...o]])) };
}

async function recomputeChainMonths(db: Database, months: readonly string[]): Promise<void> {
  const monthList = sql`(${sql.join(
    months.map((m) => sql`${m}::date`),
    sql`, `,
  )})`;
  const orderMonth = sql`(date_trunc('month', o.created_at at time zone ${VIETNAM_TIME_ZONE}))::date`;
  await db.execute(sql`delete from insight_chain_months where month in ${monthList}`);
  await db.execute(sql`
    insert into insight_chain_months (month, batch_id, product_id, organisation_id, buyer_province_code, units, value_vnd)
    select ${orderMonth}, a.batch_id, (array_agg(ol.product_id))[1], (array_agg(ol.organisation_id))[1], o.delivery_province_code,
      sum(a.quantity)::bigint, sum(a.quantity * ol.unit_price_vnd)::bigint
    from orders o
    join sub_orders s on s.order_id = o.id
    join order_lines ol on ol.sub_order_id = s.id
    join order_line_allocations a on a.order_line_id = ol.id and a.released_at is null
    where ${saleCondition("o", "s")}
      and o.created_at >= (${months[0]!}::timestamp at time zone ${VIETNAM_TIME_ZONE}) and ${orderMonth} in ${monthList}
    group by 1, 2, 5`);
}

/** Sold lots downstream of a delivery, or of a transformation, recorded after `since`. */
async function lotsReachedSince(db: Database, since: Date): Promise<string[]> {
  const at = since.toISOString();
  const rows = rowsOf<{ batch_id: string }>(
    await db.execute(sql`
      with recursive reached(batch_id) as (
        select batch_id from household_supplies where created_at > ${at}
        union
        select bi.output_batch_id from batch_inputs bi join trace_events te on te.id = bi.transformation_event_id where te.recorded_at > ${at}
        union
        select bi.output_batch_id from batch_inputs bi join reached r on bi.input_batch_id = r.batch_id
      )
      select l.batch_id from insight_chain_lots l where l.batch_id in (select batch_id from reached)`),
  );
  return rows.map((r) => r.batch_id);
}

/** Households edited since `since` (a move of commune sets updated_at) carry their commune into the lot rollups. */
async function followHouseholdMoves(db: Database, since: Date): Promise<void> {
  const at = since.toISOString();
  const edited = sql`(select id, commune_id from households where updated_at > ${at} and updated_at > created_at)`;
  if (rowsOf(await db.execute(sql`select 1 from ${edited} e limit 1`)).length === 0) return;
  await redoMembersOfHouseholds(db, edited);
  const lots = rowsOf<{ batch_id: string }>(
    await db.execute(sql`update insight_lot_households lh set commune_id = e.commune_id from ${edited} e
      where e.id = lh.household_id and lh.commune_id <> e.commune_id returning lh.batch_id`),
  ).map((r) => r.batch_id);
  await db.execute(sql`update insight_lot_supplies ls set commune_id = e.commune_id from ${edited} e
    where e.id = ls.household_id and ls.commune_id <> e.commune_id`);
  await groupLotCommunes(db, [...new Set(lots)]);
}

/** insight_lot_communes of some lots, from their household shares. */
async function groupLotCommunes(db: Database, lots: readonly string[]): Promise<void> {
  for (let i = 0; i < lots.length; i += CHUNK) {
    const ids = uuidArray(lots.slice(i, i + CHUNK));
    await db.execute(sql`delete from insight_lot_communes where batch_id = any(${ids})`);
    await db.execute(sql`insert into insight_lot_communes (batch_id, commune_id, share)
      select batch_id, commune_id, sum(share) from insight_lot_households where batch_id = any(${ids}) group by 1, 2`);
  }
}

/** Works out step, household shares and lineage deliveries of some lots afresh. */
async function reshareLots(db: Database, lots: readonly string[]): Promise<void> {
  if (lots.length === 0) return;
  const now = new Date().toISOString();
  for (let i = 0; i < lots.length; i += CHUNK) {
    const chunk = lots.slice(i, i + CHUNK);
    const ids = uuidArray(chunk);
    await db.execute(sql`delete from insight_lot_households where batch_id = any(${ids})`);
    await db.execute(sql`delete from insight_lot_supplies where batch_id = any(${ids})`);
    await db.execute(sql`delete from insight_chain_lots where batch_id = any(${ids})`);
    await db.execute(sql`
      insert into insight_chain_lots (batch_id, step, computed_at)
      select l.id, coalesce((
        select coalesce(nullif(te.details->>'process', ''), te.biz_step::text)
        from batch_inputs bi join trace_events te on te.id = bi.transformation_event_id
        where bi.output_batch_id = l.id order by te.event_time desc limit 1), ''), ${now}
      from unnest(${ids}) l(id)`);
    await db.execute(sql`
      with recursive walk(lot, batch_id) as (
        select id, id from unnest(${ids}) id
        union
        select w.lot, bi.input_batch_id from walk w join batch_inputs bi on bi.output_batch_id = w.batch_id
      )
      insert into insight_lot_supplies (batch_id, supply_id, organisation_id, household_id, commune_id, uom, quantity, paid_vnd)
      select distinct w.lot, s.id, s.organisation_id, s.household_id, h.commune_id, s.uom, s.quantity, s.price_paid_vnd
      from walk w join household_supplies s on s.batch_id = w.batch_id join households h on h.id = s.household_id`);
    const graph = await loadLineageGraph(db, chunk);
    const memo = new Map<string, Weights>();
    const lot: string[] = [];
    const household: string[] = [];
    const share: number[] = [];
    for (const id of chunk) {
      for (const [h, w] of householdWeights(id, graph, memo)) {
        lot.push(id);
        household.push(h);
        share.push(w);
      }
    }
    // With the household's commune, copied for the value chain's grouping.
    for (let j = 0; j < lot.length; j += CHUNK) {
      await db.execute(sql`
        insert into insight_lot_households (batch_id, household_id, share, commune_id)
        select u.batch_id, u.household_id, u.share, h.commune_id
        from unnest(${pgArray(lot.slice(j, j + CHUNK))}::uuid[], ${pgArray(household.slice(j, j + CHUNK))}::uuid[], ${pgArray(share.slice(j, j + CHUNK))}::float8[])
          u(batch_id, household_id, share)
        join households h on h.id = u.household_id`);
    }
    await groupLotCommunes(db, chunk);
  }
}

/** Inserts parallel arrays as rows, CHUNK at a time; a float8 survives the text round trip exactly. */
async function insertColumns(db: Database, target: string, columns: [type: string, values: (string | number)[]][], constants = ""): Promise<void> {
  const length = columns[0]?.[1].length ?? 0;
  for (let i = 0; i < length; i += CHUNK) {
    const arrays = columns.map(([type, values]) => sql`${pgArray(values.slice(i, i + CHUNK))}::${sql.raw(type)}[]`);
    await db.execute(sql`insert into ${sql.raw(target)} select ${sql.raw(constants)}* from unnest(${sql.join(arrays, sql`, `)})`);
  }
}

/**
 * The households' attributed sales of one year from some selling organisations, exactly as
 * attributedSalesByHousehold: each lot's sold value of the year split in whole VND by its shares.
 */
async function recomputeHouseholdYear(db: Database, year: number, organisations: readonly string[]): Promise<void> {
  const orgs = uuidArray(organisations);
  await db.execute(sql`delete from insight_household_sales_years where year = ${year} and organisation_id = any(${orgs})`);
  const sold = rowsOf<{ organisation_id: string; batch_id: string; value_vnd: string }>(
    await db.execute(sql`
      select ol.organisation_id, a.batch_id, sum(ol.unit_price_vnd * a.quantity)::text as value_vnd
      from order_line_allocations a
      join order_lines ol on ol.id = a.order_line_id
      join sub_orders so on so.id = ol.sub_order_id
      join orders o on o.id = so.order_id
      where a.released_at is null and ${saleCondition("o", "so")}
        and o.created_at >= (make_date(${year}, 1, 1)::timestamp at time zone ${VIETNAM_TIME_ZONE})
        and o.created_at < (make_date(${year + 1}, 1, 1)::timestamp at time zone ${VIETNAM_TIME_ZONE})
        and ol.organisation_id = any(${orgs})
      group by 1, 2`),
  );
  if (sold.length === 0) return;
  const weights = await lotShares(db, [...new Set(sold.map((s) => s.batch_id))]);
  const byKey = new Map<string, number>(); // organisation|household → VND
  for (const s of sold) {
    const w = weights.get(s.batch_id);
    if (!w) continue;
    for (const [household, vnd] of splitVnd(Number(s.value_vnd), w)) {
      const key = `${s.organisation_id}|${household}`;
      byKey.set(key, (byKey.get(key) ?? 0) + vnd);
    }
  }
  const org: string[] = [];
  const household: string[] = [];
  const value: number[] = [];
  for (const [key, vnd] of byKey) {
    const [o, h] = key.split("|") as [string, string];
    org.push(o);
    household.push(h);
    value.push(vnd);
  }
  await insertColumns(db, "insight_household_sales_years (year, organisation_id, household_id, value_vnd)",
    [
      ["uuid", org],
      ["uuid", household],
      ["int8", value],
    ],
    `${Math.trunc(year)}::smallint, `,
  );
}

/** Stored shares of some lots (lot id → household id → share). */
export async function lotShares(db: Database, lots: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (let i = 0; i < lots.length; i += CHUNK) {
    const rows = rowsOf<{ batch_id: string; household_id: string; share: number | string }>(
      await db.execute(sql`select batch_id, household_id, share from insight_lot_households where batch_id = any(${uuidArray(lots.slice(i, i + CHUNK))})`),
    );
    for (const r of rows) {
      const m = out.get(r.batch_id) ?? new Map<string, number>();
      m.set(r.household_id, Number(r.share));
      out.set(r.batch_id, m);
    }
  }
  return out;
}
