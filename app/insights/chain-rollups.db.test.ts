import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { attributeBatch, attributedSalesByHousehold } from "~/households/attribution.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { DashboardFilters } from "./filters";
import { householdAggregates } from "./household-aggregates.server";
import { refreshInsights } from "./rollups.server";
import { resolveScope } from "./scope.server";
import { addBatch, addCommune, addHousehold, addOrder, addOrganisation, addProduct, addSupply, addTransformation, allocate } from "../../tests/setup/insights-data";
import { getHouseholdTargets } from "./targets.server";
import { getValueChain, type ValueChain } from "./value-chain.server";
import { saleCondition } from "~/market/sales-rule";

// The value-chain and household rollups, kept incrementally, against the live attribution of the
// households context (decision 0009) and against a rebuild from scratch.
const NOW = new Date("2026-11-25T05:00:00Z");
const YEAR: DashboardFilters = { province: "19", from: "2026-01", to: "2026-11" };

let t: TestDatabase;
let f: { communeA: number; communeB: number; coop: string; tea: string; raw: string; packed: string; households: string[] };

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const communeA = await addCommune(db, "19", "xa-a", "Xã A");
  const communeB = await addCommune(db, "19", "xa-b", "Xã B");
  const coop = await addOrganisation(db, { slug: "htx-che", kind: "cooperative", communeId: communeA, name: "HTX Chè" });
  const leaves = await addProduct(db, { organisationId: coop, slug: "bup-tuoi", kind: "raw_material" });
  const tea = await addProduct(db, { organisationId: coop, slug: "che-say" });
  const raw = await addBatch(db, { organisationId: coop, productId: leaves, lot: "RAW1", producedOn: "2026-02-01", quantity: "70", uom: "KGM" });
  const packed = await addBatch(db, { organisationId: coop, productId: tea, lot: "PACK1", producedOn: "2026-02-03", quantity: "100" });
  await addTransformation(db, { organisationId: coop, outputBatchId: packed, inputs: [{ batchId: raw, quantity: "70" }], process: "sao chè", at: "2026-02-03T02:00:00Z" });
  // Seven households deliver 10 kg each (5 in Xã A, 2 in Xã B): shares of 1/7, so splits leave remainders.
  const households: string[] = [];
  for (let i = 0; i < 7; i++) {
    const h = await addHousehold(db, { organisationId: coop, communeId: i < 5 ? communeA : communeB, code: `S${i}` });
    households.push(h);
    await addSupply(db, { organisationId: coop, householdId: h, batchId: raw, reference: `PN-${i}`, quantity: "10", paidVnd: 100_000, on: "2026-02-01" });
  }
  // Three months of sales at a price that does not divide by 7, one order in 2025.
  for (const [createdAt, province, quantity] of [
    ["2025-12-05T03:00:00Z", "01", 1],
    ["2026-03-05T03:00:00Z", "01", 4],
    ["2026-04-05T03:00:00Z", "19", 2],
    ["2026-04-20T03:00:00Z", "22", 3],
  ] as const) {
    const o = await addOrder(db, { createdAt, province, parts: [{ organisationId: coop, lines: [{ productId: tea, quantity, unitPriceVnd: 33_333 }] }] });
    await allocate(db, o.subOrderIds[0]!, packed);
  }
  await refreshInsights(db, NOW);
  f = { communeA, communeB, coop, tea, raw, packed, households };
});

afterAll(async () => {
  await t?.dispose();
});

const scopeOf = async (filters: DashboardFilters) => (await resolveScope(t.db, filters)).scope;

async function rolledHouseholdSales(year: number): Promise<Map<string, number>> {
  const rows = rowsOf<{ household_id: string; value_vnd: string }>(
    await t.db.execute(sql`select household_id, sum(value_vnd)::text as value_vnd from insight_household_sales_years where year = ${year} group by 1`),
  );
  return new Map(rows.map((r) => [r.household_id, Number(r.value_vnd)]));
}

/** The chain's figures recomputed live: sold allocations from the source rows, shares from the lineage. */
async function liveChainFigures(from: string, to: string): Promise<{ sales: number; communeA: number; households: number }> {
  const sold = rowsOf<{ batch_id: string; value: string }>(
    await t.db.execute(sql`select a.batch_id, sum(a.quantity * l.unit_price_vnd)::text as value
      from orders o join sub_orders s on s.order_id = o.id join order_lines l on l.sub_order_id = s.id
      join order_line_allocations a on a.order_line_id = l.id and a.released_at is null
      where ${saleCondition("o", "s")} and l.product_id = ${f.tea}
        and o.created_at >= (${from}::timestamp at time zone 'Asia/Ho_Chi_Minh') and o.created_at < (${to}::timestamp at time zone 'Asia/Ho_Chi_Minh')
      group by 1`),
  );
  const inA = new Set(
    rowsOf<{ id: string }>(await t.db.execute(sql`select id from households where commune_id = ${f.communeA}`)).map((r) => r.id),
  );
  let sales = 0;
  let communeA = 0;
  const households = new Set<string>();
  for (const s of sold) {
    sales += Number(s.value);
    for (const [h, w] of await attributeBatch(t.db, s.batch_id)) {
      if (!inA.has(h) || w <= 0) continue;
      communeA += Number(s.value) * w;
      households.add(h);
    }
  }
  return { sales, communeA: Math.floor(communeA + 1e-6), households: households.size };
}

const supplyOf = (chain: ValueChain, source: string) => chain.links.find((l) => l.stage === "supply" && l.source === source);

describe("value-chain and household rollups", () => {
  it("equal the live attribution after the first refresh", async () => {
    for (const year of [2025, 2026]) {
      expect(await rolledHouseholdSales(year)).toEqual(await attributedSalesByHousehold(t.db, { organisationId: null, year }));
    }
    const chain = await getValueChain(t.db, await scopeOf(YEAR), { product: f.tea });
    const live = await liveChainFigures("2026-01-01", "2026-12-01");
    expect(chain.salesValueVnd).toBe(live.sales);
    expect(chain.salesValueVnd).toBe(9 * 33_333);
    expect(supplyOf(chain, `commune:${f.communeA}`)).toMatchObject({ valueVnd: live.communeA, households: 5 });
    expect(supplyOf(chain, `hidden:${f.coop}`)?.valueVnd).toBe(live.sales - live.communeA);
    // The households dashboard's cooperative figure is the sum of the live figures of its households.
    // (Primary suppression only: this checks the figures themselves; decision 0016's complementary cells depend on the communes.)
    const a = await householdAggregates(t.db, 2026, undefined, "live", { complementary: false });
    const liveTotal = [...(await attributedSalesByHousehold(t.db, { organisationId: f.coop, year: 2026 })).values()].reduce((n, v) => n + v, 0);
    expect(a.cooperatives.attributedSalesVnd[0]).toBe(liveTotal);
    // The households page from its rollups (this builds 2026) equals the same page computed live.
    const scope = await scopeOf(YEAR);
    expect(await getHouseholdTargets(t.db, scope, "rollups")).toEqual(await getHouseholdTargets(t.db, scope, "live"));
    expect((await householdAggregates(t.db, 2026, undefined, "rollups", { complementary: false })).cooperatives.attributedSalesVnd[0]).toBe(liveTotal);
  });

  it("follow new orders, a cancellation and new deliveries incrementally, and match the live figures and a rebuild", async () => {
    // A new order this month, a cancelled April order, and three more households delivering into the raw lot.
    const o = await addOrder(t.db, { createdAt: "2026-11-25T05:01:00Z", province: "01", parts: [{ organisationId: f.coop, lines: [{ productId: f.tea, quantity: 5, unitPriceVnd: 33_333 }] }] });
    await allocate(t.db, o.subOrderIds[0]!, f.packed);
    // A transfer not yet confirmed takes stock but is no sale (decision 0020): in none of the figures below.
    const waiting = await addOrder(t.db, {
      createdAt: "2026-11-25T05:01:00Z",
      province: "22",
      paymentMethod: "bank_transfer",
      parts: [{ organisationId: f.coop, unpaid: true, lines: [{ productId: f.tea, quantity: 3, unitPriceVnd: 33_333 }] }],
    });
    await allocate(t.db, waiting.subOrderIds[0]!, f.packed);
    await t.db.execute(sql`update sub_orders set status = 'cancelled', updated_at = '2026-11-25T05:02:00Z'
      where id in (select s.id from sub_orders s join orders o on o.id = s.order_id where o.created_at = '2026-04-20T03:00:00Z')`);
    for (let i = 7; i < 10; i++) {
      const h = await addHousehold(t.db, { organisationId: f.coop, communeId: f.communeA, code: `S${i}` });
      f.households.push(h);
      await addSupply(t.db, { organisationId: f.coop, householdId: h, batchId: f.raw, reference: `PN-${i}`, quantity: "10", paidVnd: 100_000, on: "2026-11-25" });
    }

    // Statuses and surveys recorded for households already counted.
    for (const [i, h] of f.households.slice(0, 6).entries()) {
      await t.db.execute(sql`insert into household_statuses (household_id, organisation_id, year, status, standard)
        values (${h}, ${f.coop}, 2026, ${i < 3 ? "poor" : "not_poor"}::household_poverty_status, '2022-2025')`);
      await t.db.execute(sql`insert into household_income_surveys (household_id, organisation_id, year, income_per_person_vnd, member_count, surveyed_on)
        values (${h}, ${f.coop}, 2026, ${30_000_000 + i}, 4, '2026-06-01')`);
    }

    const report = await refreshInsights(t.db, new Date("2026-11-25T05:10:00Z"));
    expect(report.salesMonths).toEqual(["2026-04-01", "2026-11-01"]);
    expect(report.chains.lotsReshared).toBeGreaterThanOrEqual(1);
    expect(report.chains.householdYears.map((y) => y.year)).toEqual([2025, 2026]); // the lot's shares changed: both years

    for (const year of [2025, 2026]) {
      expect(await rolledHouseholdSales(year)).toEqual(await attributedSalesByHousehold(t.db, { organisationId: null, year }));
    }
    const chain = await getValueChain(t.db, await scopeOf(YEAR), { product: f.tea });
    const live = await liveChainFigures("2026-01-01", "2026-12-01");
    expect(chain.salesValueVnd).toBe((4 + 2 + 5) * 33_333);
    expect(chain.salesValueVnd).toBe(live.sales);
    // Xã A now has 8 of the 10 deliveries (100 kg into a 70 kg lot: shares of a tenth).
    expect(supplyOf(chain, `commune:${f.communeA}`)).toMatchObject({
      valueVnd: live.communeA,
      households: 8,
      delivered: [{ uom: "KGM", quantity: 80 }],
      paidVnd: 800_000,
    });
    expect(live.households).toBe(8);
    expect(chain.links.filter((l) => l.stage === "market").map((l) => [l.target, l.valueVnd])).toEqual([
      ["province:01", 9 * 33_333],
      ["province:19", 2 * 33_333],
    ]);

    const scope = await scopeOf(YEAR);
    const targets = await getHouseholdTargets(t.db, scope, "rollups");
    expect(targets).toEqual(await getHouseholdTargets(t.db, scope, "live"));
    const primary = await getHouseholdTargets(t.db, scope, "rollups", { complementary: false });
    expect(primary.aggregates.statusBySex.cells[0]).toEqual([null, null]); // three poor households: hidden
    expect(primary.aggregates.statusBySex.total).toBe(10);
    // A household moving commune recomputes the year whole.
    await t.db.execute(sql`update households set commune_id = ${f.communeB}, updated_at = now() + interval '1 second' where id = ${f.households[0]!}`);
    await refreshInsights(t.db, new Date("2026-11-25T05:12:00Z"));
    expect(await getHouseholdTargets(t.db, await scopeOf({ ...YEAR, commune: f.communeB }), "rollups")).toEqual(
      await getHouseholdTargets(t.db, await scopeOf({ ...YEAR, commune: f.communeB }), "live"),
    );

    // The transfer is confirmed: now it is sold, attributed to the households, and in the chain.
    await t.db.execute(sql`update sub_orders set payment_status = 'paid', status = 'confirmed', updated_at = '2026-11-25T05:11:00Z'
      where id = ${waiting.subOrderIds[0]!}`);
    await refreshInsights(t.db, new Date("2026-11-25T05:13:00Z"));
    const paid = await getValueChain(t.db, await scopeOf(YEAR), { product: f.tea });
    expect(paid.salesValueVnd).toBe((4 + 2 + 5 + 3) * 33_333);
    expect(paid.salesValueVnd).toBe((await liveChainFigures("2026-01-01", "2026-12-01")).sales);
    expect(await rolledHouseholdSales(2026)).toEqual(await attributedSalesByHousehold(t.db, { organisationId: null, year: 2026 }));

    // A rebuild from nothing gives the same pages.
    const moved = await getValueChain(t.db, await scopeOf(YEAR), { product: f.tea });
    const households = await householdAggregates(t.db, 2026, undefined, "rollups");
    await t.db.execute(sql`delete from insight_refreshes`);
    await refreshInsights(t.db, new Date("2026-11-25T05:10:00Z"));
    expect(await getValueChain(t.db, await scopeOf(YEAR), { product: f.tea })).toEqual(moved);
    expect(await householdAggregates(t.db, 2026, undefined, "rollups")).toEqual(households);
  });
});
