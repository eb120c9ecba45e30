import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { MIN_HOUSEHOLDS } from "~/households/suppression";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { DashboardFilters } from "./filters";
import { refreshInsights } from "./rollups.server";
import { resolveScope } from "./scope.server";
import { addBatch, addCommune, addHousehold, addOrder, addOrganisation, addProduct, addSupply, addTransformation, allocate } from "../../tests/setup/insights-data";
import { getValueChain, type ChainLink, type KeyLevel, type ValueChain } from "./value-chain.server";

// The key products' value chains read coarser rollups (decision 0012): lots by month, steps by
// commune, household shares by commune, and each household's and delivery's months. Here every
// period, level and place is compared with the same chain folded from the finer rollups row by row
// (insight_chain_months, insight_lot_households, insight_lot_supplies: compared with the live
// attribution in chain-rollups.db.test.ts), with households' communes and deliveries read live.
const NOW = new Date("2026-11-25T05:00:00Z");
const LEVELS: KeyLevel[] = ["any", "province", "commune"];

// Hundreds of page computations per test: more than the default minute on a busy machine.
const SWEEP_TIMEOUT_MS = 180_000;

let t: TestDatabase;
let f: {
  communeA: number;
  communeB: number;
  coop: string;
  coop2: string;
  province: string;
  commune: string;
  plain: string;
  raw2: string;
  households: string[];
};

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const communeA = await addCommune(db, "19", "xa-a", "Xã A");
  const communeB = await addCommune(db, "19", "xa-b", "Xã B");
  const coop = await addOrganisation(db, { slug: "htx-che", kind: "cooperative", communeId: communeA, name: "HTX Chè" });
  const coop2 = await addOrganisation(db, { slug: "htx-mien", kind: "cooperative", communeId: communeB, name: "HTX Miến" });
  const leaves = await addProduct(db, { organisationId: coop, slug: "bup-tuoi", kind: "raw_material" });
  const province = await addProduct(db, { organisationId: coop, slug: "che-tinh" });
  const commune = await addProduct(db, { organisationId: coop, slug: "che-xa" });
  const plain = await addProduct(db, { organisationId: coop, slug: "che-thuong" });
  const noodles = await addProduct(db, { organisationId: coop2, slug: "mien" });
  await db.execute(sql`update products set key_product_level = 'province' where id in (${province}, ${noodles})`);
  await db.execute(sql`update products set key_product_level = 'commune' where id = ${commune}`);

  // Two raw lots; household 0 delivers into both, so it reaches lots of every product.
  const raw1 = await addBatch(db, { organisationId: coop, productId: leaves, lot: "RAW1", producedOn: "2026-02-01", quantity: "70", uom: "KGM" });
  const raw2 = await addBatch(db, { organisationId: coop, productId: leaves, lot: "RAW2", producedOn: "2026-02-01", quantity: "70", uom: "KGM" });
  const households: string[] = [];
  for (let i = 0; i < 13; i++) {
    const h = await addHousehold(db, { organisationId: coop, communeId: i < 5 || i >= 9 ? communeA : communeB, code: `S${i}` });
    households.push(h);
    if (i < 7) await addSupply(db, { organisationId: coop, householdId: h, batchId: raw1, reference: `PN-1-${i}`, quantity: "10", paidVnd: 100_000, on: "2026-02-01" });
    if (i === 0 || i >= 7) await addSupply(db, { organisationId: coop, householdId: h, batchId: raw2, reference: `PN-2-${i}`, quantity: "10", paidVnd: 90_000, on: "2026-02-01" });
  }
  const lot = async (productId: string, code: string, inputs: string[]) => {
    const b = await addBatch(db, { organisationId: coop, productId, lot: code, producedOn: "2026-02-03", quantity: "100" });
    await addTransformation(db, { organisationId: coop, outputBatchId: b, inputs: inputs.map((batchId) => ({ batchId, quantity: "35" })), process: `sao ${code}`, at: "2026-02-03T02:00:00Z" });
    return b;
  };
  const packProvince = await lot(province, "PP", [raw1]);
  const packCommune = await lot(commune, "PC", [raw1, raw2]);
  const packPlain = await lot(plain, "PN", [raw2]);
  // Noodles of the other cooperative, from no household: value without a supply group.
  const packNoodles = await addBatch(db, { organisationId: coop2, productId: noodles, lot: "M1", producedOn: "2026-02-03", quantity: "100" });

  for (const [createdAt, provinceCode, productId, batchId, organisationId, quantity] of [
    ["2025-12-05T03:00:00Z", "01", province, packProvince, coop, 1],
    ["2026-03-05T03:00:00Z", "01", province, packProvince, coop, 4],
    ["2026-04-05T03:00:00Z", "19", province, packProvince, coop, 2],
    ["2026-04-06T03:00:00Z", "22", commune, packCommune, coop, 3],
    ["2026-05-06T03:00:00Z", "22", plain, packPlain, coop, 3],
    ["2026-06-06T03:00:00Z", "01", commune, packCommune, coop, 1],
    ["2026-06-08T03:00:00Z", "19", province, packProvince, coop, 1],
    ["2026-06-07T03:00:00Z", "79", noodles, packNoodles, coop2, 5],
  ] as const) {
    const o = await addOrder(db, { createdAt, province: provinceCode, parts: [{ organisationId, lines: [{ productId, quantity, unitPriceVnd: 33_333 }] }] });
    await allocate(db, o.subOrderIds[0]!, batchId);
  }
  // Recorded when they happened (the refresh re-shares lots reached by deliveries or transformations recorded since the last one).
  await db.execute(sql`update household_supplies set created_at = '2026-02-01T03:00:00Z'`);
  await db.execute(sql`update trace_events set recorded_at = '2026-02-03T03:00:00Z'`);
  await refreshInsights(db, NOW);
  f = { communeA, communeB, coop, coop2, province, commune, plain, raw2, households };
});

afterAll(async () => {
  await t?.dispose();
});

/** The supply and market stages folded row by row from the finer rollups and the live households and deliveries. */
async function rowByRow(level: KeyLevel, communeId: number | null, from: string, to: string) {
  const month = sql`to_char(m.month, 'YYYY-MM')`;
  const lots = sql`(select m.batch_id, m.organisation_id, sum(m.value_vnd)::bigint as value from insight_chain_months m
    join products p on p.id = m.product_id join organisations o on o.id = p.organisation_id join communes c on c.id = o.commune_id
    where c.province_code = '19' ${communeId === null ? sql`` : sql`and o.commune_id = ${communeId}`}
      and ${level === "any" ? sql`p.key_product_level is not null` : sql`p.key_product_level = ${level}`}
      and ${month} between ${from} and ${to}
    group by 1, 2)`;
  const groups = rowsOf<{ organisation_id: string; commune_id: number; households: number; value: string }>(
    await t.db.execute(sql`select l.organisation_id, h.commune_id, count(distinct lh.household_id)::int as households,
        floor(sum(l.value::float8 * lh.share) + 1e-6)::text as value
      from ${lots} l join insight_lot_households lh on lh.batch_id = l.batch_id join households h on h.id = lh.household_id
      group by 1, 2`),
  );
  const deliveries = rowsOf<{ organisation_id: string; commune_id: number; quantity: number; paid: string }>(
    await t.db.execute(sql`select d.organisation_id, h.commune_id, sum(s.quantity)::float8 as quantity, sum(s.price_paid_vnd)::text as paid
      from (select distinct l.organisation_id, ls.supply_id from ${lots} l join insight_lot_supplies ls on ls.batch_id = l.batch_id) d
      join household_supplies s on s.id = d.supply_id and s.organisation_id = d.organisation_id join households h on h.id = s.household_id
      group by 1, 2`),
  );
  const market = rowsOf<{ step: string; code: string; value: string; units: string }>(
    await t.db.execute(sql`select cl.step, m.buyer_province_code as code, sum(m.value_vnd)::text as value, sum(m.units)::text as units
      from insight_chain_months m join insight_chain_lots cl on cl.batch_id = m.batch_id
      where m.batch_id in (select batch_id from ${lots} l) and ${month} between ${from} and ${to}
      group by 1, 2`),
  );
  const supply = groups
    .filter((g) => g.households >= MIN_HOUSEHOLDS && Number(g.value) > 0)
    .map((g) => {
      const d = deliveries.find((x) => x.organisation_id === g.organisation_id && Number(x.commune_id) === Number(g.commune_id));
      return {
        source: `commune:${Number(g.commune_id)}`,
        target: `coop:${g.organisation_id}`,
        valueVnd: Number(g.value),
        households: g.households,
        delivered: d ? [{ uom: "KGM", quantity: Number(d.quantity) }] : [],
        paidVnd: d ? Number(d.paid) : 0,
      };
    });
  return {
    supply: supply.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target)),
    market: market.map((r) => ({ source: r.step === "" ? "step:none" : `step:${r.step}`, target: `province:${r.code}`, valueVnd: Number(r.value), units: Number(r.units) })).sort((a, b) => a.target.localeCompare(b.target) || a.source.localeCompare(b.source)),
  };
}

const shownSupply = (chain: ValueChain) =>
  chain.links
    .filter((l): l is ChainLink => l.stage === "supply" && l.source.startsWith("commune:"))
    .map((l) => ({ source: l.source, target: l.target, valueVnd: l.valueVnd, households: l.households, delivered: l.delivered, paidVnd: l.paidVnd }))
    .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
const marketLinks = (chain: ValueChain) =>
  chain.links
    .filter((l) => l.stage === "market")
    .map((l) => ({ source: l.source, target: l.target, valueVnd: l.valueVnd, units: l.units }))
    .sort((a, b) => a.target.localeCompare(b.target) || a.source.localeCompare(b.source));

async function expectEveryPeriodRowByRow(): Promise<number> {
  // The months where something sells or changes, and one between.
  const months = ["2025-12", "2026-03", "2026-04", "2026-05", "2026-06", "2026-11"];
  let compared = 0;
  for (const communeId of [null, f.communeA, f.communeB]) {
    for (const level of LEVELS) {
      for (let i = 0; i < months.length; i++) {
        for (let j = i; j < months.length; j++) {
          const filters: DashboardFilters = { province: "19", from: months[i]!, to: months[j]!, ...(communeId === null ? {} : { commune: communeId }) };
          const chain = await getValueChain(t.db, (await resolveScope(t.db, filters)).scope, { key: level });
          const expected = await rowByRow(level, communeId, months[i]!, months[j]!);
          const label = `${level} ${JSON.stringify(filters)}`;
          expect({ label, supply: shownSupply(chain) }).toEqual({ label, supply: expected.supply });
          expect({ label, market: marketLinks(chain) }).toEqual({ label, market: expected.market });
          // Every stage carries the period's sales.
          for (const stage of ["supply", "processing", "market"]) {
            expect(chain.links.filter((l) => l.stage === stage).reduce((n, l) => n + l.valueVnd, 0), label).toBe(chain.salesValueVnd);
          }
          compared += 1;
        }
      }
    }
  }
  return compared;
}

describe("key products' value chains from the coarser rollups", () => {
  it("equal the chain folded row by row for every period, level and place", async () => {
    expect(await expectEveryPeriodRowByRow()).toBe(3 * 3 * 21);
    // By hand: April..June, all key products. Household 0 reaches both lots and counts once: Xã A has
    // households 0-4 of RAW1 and 9-12 of RAW2 (nine), Xã B 5-8 (four, not shown).
    const scope = (await resolveScope(t.db, { province: "19", from: "2026-04", to: "2026-06" })).scope;
    const chain = await getValueChain(t.db, scope, { key: "any" });
    expect(shownSupply(chain).map((l) => [l.source, l.households])).toEqual([[`commune:${f.communeA}`, 9]]);
    expect(chain.salesValueVnd).toBe((2 + 3 + 1 + 1 + 5) * 33_333);
  }, SWEEP_TIMEOUT_MS);

  it("follow new orders, a cancellation, new deliveries, a household moving, a new key product and a cooperative moving; a rebuild gives the same", async () => {
    const db = t.db;
    const o = await addOrder(db, { createdAt: "2026-11-25T05:01:00Z", province: "01", parts: [{ organisationId: f.coop, lines: [{ productId: f.commune, quantity: 2, unitPriceVnd: 33_333 }] }] });
    await allocate(db, o.subOrderIds[0]!, rowsOf<{ id: string }>(await db.execute(sql`select id from batches where lot_code = 'PC'`))[0]!.id);
    await db.execute(sql`update sub_orders set status = 'cancelled', updated_at = '2026-11-25T05:02:00Z'
      where id in (select s.id from sub_orders s join orders o on o.id = s.order_id where o.created_at in ('2026-04-05T03:00:00Z', '2026-06-06T03:00:00Z'))`);
    // Orders only: members' month lists follow the two recomputed months without working the lots out again.
    const ordersOnly = await refreshInsights(db, new Date("2026-11-25T05:05:00Z"));
    expect(ordersOnly.salesMonths).toEqual(["2026-04-01", "2026-06-01", "2026-11-01"]);
    // June: only the lot of the province's key product sold; the households of the other raw lot are gone from June.
    const june = (await resolveScope(db, { province: "19", from: "2026-06", to: "2026-06" })).scope;
    expect(shownSupply(await getValueChain(db, june, { key: "any" })).map((l) => [l.source, l.households])).toEqual([[`commune:${f.communeA}`, 5]]);
    expect(ordersOnly.chains.lotsReshared).toBe(0);
    expect(await expectEveryPeriodRowByRow()).toBe(3 * 3 * 21);

    const more = await addOrder(db, { createdAt: "2026-11-25T05:06:00Z", province: "01", parts: [{ organisationId: f.coop, lines: [{ productId: f.province, quantity: 1, unitPriceVnd: 33_333 }] }] });
    await allocate(db, more.subOrderIds[0]!, rowsOf<{ id: string }>(await db.execute(sql`select id from batches where lot_code = 'PP'`))[0]!.id);
    for (let i = 13; i < 16; i++) {
      const h = await addHousehold(db, { organisationId: f.coop, communeId: f.communeB, code: `S${i}` });
      f.households.push(h);
      await addSupply(db, { organisationId: f.coop, householdId: h, batchId: f.raw2, reference: `PN-2-${i}`, quantity: "10", paidVnd: 80_000, on: "2026-11-25" });
    }
    await db.execute(sql`update households set commune_id = ${f.communeB}, updated_at = now() + interval '1 second' where id = ${f.households[9]!}`);
    await db.execute(sql`update products set key_product_level = 'commune' where id = ${f.plain}`);
    const report = await refreshInsights(db, new Date("2026-11-25T05:10:00Z"));
    expect(report.salesMonths).toEqual(["2026-11-01"]);
    expect(await expectEveryPeriodRowByRow()).toBe(3 * 3 * 21);

    // The tea cooperative moves to Xã B: its chains leave Xã A's view.
    await db.execute(sql`update organisations set commune_id = ${f.communeB} where id = ${f.coop}`);
    await refreshInsights(db, new Date("2026-11-25T05:12:00Z"));
    const communeA = (await resolveScope(db, { province: "19", commune: f.communeA, from: "2026-01", to: "2026-11" })).scope;
    expect((await getValueChain(db, communeA, { key: "any" })).covered).toBe(0);
    expect(await expectEveryPeriodRowByRow()).toBe(3 * 3 * 21);

    const year = (await resolveScope(db, { province: "19", from: "2026-01", to: "2026-11" })).scope;
    const before = await Promise.all(LEVELS.map((key) => getValueChain(db, year, { key })));
    await db.execute(sql`delete from insight_refreshes`);
    await refreshInsights(db, new Date("2026-11-25T05:12:00Z"));
    expect(await Promise.all(LEVELS.map((key) => getValueChain(db, year, { key })))).toEqual(before);
    const negative = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from insight_chain_member_months where members <= 0`));
    expect(negative[0]?.n).toBe(0);
  }, SWEEP_TIMEOUT_MS);
});
