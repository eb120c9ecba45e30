/**
 * Income attribution on the database (decision 0009): sold order lines → their batch allocations →
 * lineage back to raw batches → household deliveries. Sold means: allocation not released, and the
 * sub-order is a sale (paid, not cancelled, order placed: app/market/sales-rule.ts). The year of a sale is the order's calendar year in Vietnam.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, uuidArray, type Database } from "#db/client.server";
import { attributeSales, householdWeights, type LineageGraph, type SoldAllocation, type Weights } from "./attribution";
import { VIETNAM_TIME_ZONE } from "~/lib/vietnam-time";
import { saleCondition } from "~/market/sales-rule";


/**
 * The lineage behind some batches (named by `seed`, a query returning a column `id`): every edge
 * reachable backwards, and the deliveries into every batch reached (sold lots included: a raw lot can
 * be sold as it is). One query, one walk.
 */
async function loadLineageGraphFrom(db: Database, seed: SQL): Promise<LineageGraph> {
  const inputsByOutput = new Map<string, { inputBatchId: string; quantity: number }[]>();
  const suppliesByBatch = new Map<string, { householdId: string; quantity: number }[]>();
  const batchQuantity = new Map<string, number>();
  const rows = rowsOf<{ t: "e" | "s"; a: string; b: string; q: string; bq: string | null }>(
    await db.execute(sql`
      with recursive seed as (${seed}),
      walk(output_batch_id, input_batch_id, quantity) as (
        select bi.output_batch_id, bi.input_batch_id, bi.quantity from batch_inputs bi where bi.output_batch_id in (select id from seed)
        union
        select bi.output_batch_id, bi.input_batch_id, bi.quantity from batch_inputs bi join walk w on bi.output_batch_id = w.input_batch_id
      ),
      reached as (select id from seed union select input_batch_id from walk)
      select 'e' as t, output_batch_id::text as a, input_batch_id::text as b, quantity::text as q, null as bq from walk
      union all
      select 's', s.batch_id::text, s.household_id::text, s.quantity::text, b.quantity::text
      from household_supplies s join batches b on b.id = s.batch_id
      where s.batch_id in (select id from reached)`),
  );
  for (const r of rows) {
    if (r.t === "e") {
      const list = inputsByOutput.get(r.a) ?? [];
      list.push({ inputBatchId: r.b, quantity: Number(r.q) });
      inputsByOutput.set(r.a, list);
    } else {
      const list = suppliesByBatch.get(r.a) ?? [];
      list.push({ householdId: r.b, quantity: Number(r.q) });
      suppliesByBatch.set(r.a, list);
      batchQuantity.set(r.a, Number(r.bq));
    }
  }
  return { inputsByOutput, suppliesByBatch, batchQuantity };
}

/** The lineage behind some batches: every edge reachable backwards, and the deliveries into them. */
export async function loadLineageGraph(db: Database, batchIds: readonly string[]): Promise<LineageGraph> {
  if (batchIds.length === 0) return { inputsByOutput: new Map(), suppliesByBatch: new Map(), batchQuantity: new Map() };
  return loadLineageGraphFrom(db, sql`select unnest(${uuidArray(batchIds)}) as id`);
}

/** The households behind one sold batch and their shares of its value. */
export async function attributeBatch(db: Database, batchId: string): Promise<Weights> {
  return householdWeights(batchId, await loadLineageGraph(db, [batchId]));
}

/** What counts as sold in a year (see the module comment), for one cooperative or (null) the whole platform. */
function soldInYear(args: { organisationId: string | null; year: number }): SQL {
  return sql`
      from order_line_allocations a
      join order_lines ol on ol.id = a.order_line_id
      join sub_orders so on so.id = ol.sub_order_id
      join orders o on o.id = so.order_id
      where a.released_at is null and ${saleCondition("o", "so")}
        and o.created_at >= (make_date(${args.year}, 1, 1)::timestamp at time zone ${VIETNAM_TIME_ZONE})
        and o.created_at < (make_date(${args.year + 1}, 1, 1)::timestamp at time zone ${VIETNAM_TIME_ZONE})
        ${args.organisationId ? sql`and ol.organisation_id = ${args.organisationId}::uuid` : sql``}`;
}

/** Sold allocations of a year, for one cooperative or (null) the whole platform. */
export async function listSoldAllocations(db: Database, args: { organisationId: string | null; year: number }): Promise<SoldAllocation[]> {
  const rows = rowsOf<{ batch_id: string; value_vnd: string }>(
    await db.execute(sql`select a.batch_id, sum(ol.unit_price_vnd * a.quantity)::text as value_vnd ${soldInYear(args)} group by a.batch_id`),
  );
  return rows.map((r) => ({ batchId: r.batch_id, valueVnd: Number(r.value_vnd), year: args.year }));
}

/** Attributed sales value per household in a year (household id → VND). */
export async function attributedSalesByHousehold(db: Database, args: { organisationId: string | null; year: number }): Promise<Map<string, number>> {
  const sold = await listSoldAllocations(db, args);
  if (sold.length === 0) return new Map();
  // Seeded by the same query rather than a list of ids: a province's year has many sold batches.
  const graph = await loadLineageGraphFrom(db, sql`select distinct a.batch_id as id ${soldInYear(args)}`);
  const byKey = attributeSales(sold, graph);
  const out = new Map<string, number>();
  for (const [key, vnd] of byKey) out.set(key.slice(0, key.indexOf("|")), vnd);
  return out;
}

/** Money the cooperative paid each household in a year: paid at delivery plus payments (household id → VND). */
export async function moneyReceivedByHousehold(db: Database, args: { organisationId: string | null; year: number }): Promise<Map<string, number>> {
  const from = `${args.year}-01-01`;
  const to = `${args.year + 1}-01-01`;
  const org = args.organisationId ? sql`and organisation_id = ${args.organisationId}::uuid` : sql``;
  const rows = rowsOf<{ household_id: string; vnd: string }>(
    await db.execute(sql`
      select household_id, sum(vnd)::text as vnd from (
        select household_id, price_paid_vnd as vnd from household_supplies where supplied_on >= ${from}::date and supplied_on < ${to}::date ${org}
        union all
        select household_id, amount_vnd from household_payments where paid_on >= ${from}::date and paid_on < ${to}::date ${org}
      ) m group by household_id`),
  );
  return new Map(rows.map((r) => [r.household_id, Number(r.vnd)]));
}
