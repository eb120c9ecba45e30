import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { monthRange, type DashboardFilters } from "./filters";
import { getMarketExpansion, type MarketExpansion } from "./market.server";
import { refreshInsights } from "./rollups.server";
import { resolveScope } from "./scope.server";
import { addOrder, addScans, seedInsightsFixture, type InsightsFixture } from "../../tests/setup/insights-data";
import { VIETNAM_TIME_ZONE } from "../lib/vietnam-time";
import { awaitingPaymentCondition, saleCondition } from "../market/sales-rule";

// The market page reads the place rollups and the repeat-buyer rollup (decision 0012). Here every
// figure is compared with a live count from the source rows, for every period of whole months in a
// range, for the province and each commune, after the first refresh, after incremental refreshes
// (new orders, a cancellation, scans, a cooperative moving commune) and after a rebuild.
const NOW = new Date("2026-11-25T05:00:00Z");

// Hundreds of page computations per test: more than the default minute on a busy machine.
const SWEEP_TIMEOUT_MS = 180_000;

let t: TestDatabase;
let f: InsightsFixture;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await seedInsightsFixture(t.db);
  // Buyers who come back: one in three months (with a gap), one twice in the same month, one with two cooperatives.
  for (const [createdAt, phone, organisationId, productId] of [
    ["2026-01-10T03:00:00Z", "0944444444", "coop1", "p1"],
    ["2026-03-10T03:00:00Z", "0944444444", "coop1", "p2"],
    ["2026-06-10T03:00:00Z", "0944444444", "coop2", "p3"],
    ["2026-05-03T03:00:00Z", "0955555555", "coop2", "p3"],
    ["2026-05-20T03:00:00Z", "0955555555", "coop2", "p3"],
    ["2026-07-01T03:00:00Z", "0966666666", "coop1", "p1"],
    ["2026-08-01T03:00:00Z", "0966666666", "coop2", "p3"],
  ] as const) {
    await addOrder(t.db, {
      createdAt,
      province: "22",
      phone,
      parts: [{ organisationId: f[organisationId], lines: [{ productId: f[productId], quantity: 1, unitPriceVnd: 70_000 }] }],
    });
  }
  await refreshInsights(t.db, NOW);
});

afterAll(async () => {
  await t?.dispose();
});

interface Live {
  buyers: number;
  repeatBuyers: number;
  cells: { month: string; code: string; subOrders: number; valueVnd: number }[];
  firsts: Map<string, string>;
  scans: Map<string, number>;
  cooperatives: Map<string, { subOrders: number; valueVnd: number; provinces: number }>;
  products: Map<string, { units: number; valueVnd: number }>;
  awaiting: { subOrders: number; valueVnd: number };
}

/** The market figures of a place and period counted from orders, sub-orders, lines and scans. */
async function liveMarket(communeId: number | null, from: string, to: string): Promise<Live> {
  const orgs = sql`(select o.id from organisations o join communes c on c.id = o.commune_id where c.province_code = '19'
    ${communeId === null ? sql`` : sql`and o.commune_id = ${communeId}`}
    and o.kind in ('cooperative', 'cooperative_group', 'enterprise', 'household_business'))`;
  const month = sql`to_char(o.created_at at time zone ${VIETNAM_TIME_ZONE}, 'YYYY-MM')`;
  const sales = sql`${saleCondition("o", "s")} and s.organisation_id in ${orgs}`;
  const inPeriod = sql`${month} between ${from} and ${to}`;
  const buyers = rowsOf<{ months: number }>(
    await t.db.execute(sql`select count(distinct ${month})::int as months from orders o join sub_orders s on s.order_id = o.id
      where ${sales} and ${inPeriod} group by coalesce('u:' || o.user_id::text, 'p:' || o.phone)`),
  );
  const cells = rowsOf<{ month: string; code: string; sub_orders: number; value: string }>(
    await t.db.execute(sql`select ${month} as month, o.delivery_province_code as code, count(distinct s.id)::int as sub_orders,
        coalesce(sum(l.line_total_vnd), 0)::text as value
      from orders o join sub_orders s on s.order_id = o.id left join order_lines l on l.sub_order_id = s.id
      where ${sales} and ${inPeriod} group by 1, 2 order by 1, 2`),
  );
  const firsts = rowsOf<{ code: string; first: string }>(
    await t.db.execute(sql`select o.delivery_province_code as code, min(${month}) as first from orders o join sub_orders s on s.order_id = o.id
      where ${sales} and ${month} <= ${to} group by 1`),
  );
  const scans = rowsOf<{ code: string; scans: string }>(
    await t.db.execute(sql`select province_code as code, sum(count)::text as scans from scan_counts
      where organisation_id in ${orgs} and to_char(minute at time zone ${VIETNAM_TIME_ZONE}, 'YYYY-MM') between ${from} and ${to}
        and minute <= (select covered_until from insight_refreshes where rollup = 'scans')
      group by 1`),
  );
  const cooperatives = rowsOf<{ id: string; sub_orders: number; value: string; provinces: number }>(
    await t.db.execute(sql`select s.organisation_id as id, count(distinct s.id)::int as sub_orders, coalesce(sum(l.line_total_vnd), 0)::text as value,
        count(distinct o.delivery_province_code)::int as provinces
      from orders o join sub_orders s on s.order_id = o.id left join order_lines l on l.sub_order_id = s.id
      where ${sales} and ${inPeriod} group by 1`),
  );
  const products = rowsOf<{ id: string; units: string; value: string }>(
    await t.db.execute(sql`select l.product_id as id, sum(l.quantity)::text as units, sum(l.line_total_vnd)::text as value
      from orders o join sub_orders s on s.order_id = o.id join order_lines l on l.sub_order_id = s.id
      where ${sales} and ${inPeriod} group by 1`),
  );
  const awaiting = rowsOf<{ sub_orders: number; value: string }>(
    await t.db.execute(sql`select count(distinct s.id)::int as sub_orders, coalesce(sum(l.line_total_vnd), 0)::text as value
      from orders o join sub_orders s on s.order_id = o.id left join order_lines l on l.sub_order_id = s.id
      where ${awaitingPaymentCondition("o", "s")} and s.organisation_id in ${orgs} and ${inPeriod}`),
  )[0];
  return {
    awaiting: { subOrders: Number(awaiting?.sub_orders ?? 0), valueVnd: Number(awaiting?.value ?? 0) },
    buyers: buyers.length,
    repeatBuyers: buyers.filter((b) => Number(b.months) >= 2).length,
    cells: cells.map((c) => ({ month: c.month, code: c.code, subOrders: Number(c.sub_orders), valueVnd: Number(c.value) })),
    firsts: new Map(firsts.map((r) => [r.code, r.first])),
    scans: new Map(scans.map((r) => [r.code, Number(r.scans)])),
    cooperatives: new Map(cooperatives.map((r) => [r.id, { subOrders: Number(r.sub_orders), valueVnd: Number(r.value), provinces: Number(r.provinces) }])),
    products: new Map(products.map((r) => [r.id, { units: Number(r.units), valueVnd: Number(r.value) }])),
  };
}

function expectSame(m: MarketExpansion, live: Live, label: string) {
  expect({ label, buyers: m.buyers, repeatBuyers: m.repeatBuyers }).toEqual({ label, buyers: live.buyers, repeatBuyers: live.repeatBuyers });
  expect(m.provinceMonths, label).toEqual(live.cells);
  expect(m.awaitingPayment, label).toEqual(live.awaiting);
  for (const p of m.provinces) {
    expect({ label, code: p.code, first: p.firstMonth, scans: p.scans }).toEqual({
      label,
      code: p.code,
      first: live.firsts.get(p.code) ?? null,
      scans: live.scans.get(p.code) ?? 0,
    });
  }
  expect(m.scansUnknownProvince, label).toBe(live.scans.get("") ?? 0);
  for (const c of m.topCooperatives) expect({ label, ...live.cooperatives.get(c.organisationId) }).toEqual({ label, subOrders: c.subOrders, valueVnd: c.valueVnd, provinces: c.provinces });
  expect(m.topCooperatives.length, label).toBe(Math.min(10, live.cooperatives.size));
  for (const p of m.topProducts) expect({ label, ...live.products.get(p.productId) }).toEqual({ label, units: p.units, valueVnd: p.valueVnd });
  expect(m.topProducts.length, label).toBe(Math.min(10, live.products.size));
}

/** Every period from..to with ends in 2025-12..2026-08 or 2026-11, for the province and both communes. */
async function expectEveryPeriodLive(step = 1) {
  const months = [...monthRange("2025-12", "2026-08"), "2026-11"];
  let compared = 0;
  for (const communeId of [null, f.communeA, f.communeB]) {
    for (let i = 0; i < months.length; i += step) {
      for (let j = i; j < months.length; j += step) {
        const filters: DashboardFilters = { province: "19", from: months[i]!, to: months[j]!, ...(communeId === null ? {} : { commune: communeId }) };
        const scope = (await resolveScope(t.db, filters)).scope;
        expectSame(await getMarketExpansion(t.db, scope), await liveMarket(communeId, months[i]!, months[j]!), JSON.stringify(filters));
        compared += 1;
      }
    }
  }
  return compared;
}

describe("market place rollups", () => {
  it("equal live counts for every period and place after the first refresh, repeat buyers included", async () => {
    expect(await expectEveryPeriodLive()).toBe(3 * 55);
    // By hand: January..June, 0944… (January, March, June) and the account (February, March) come back, of five buyers.
    const at = async (from: string, to: string, commune?: number) =>
      getMarketExpansion(t.db, (await resolveScope(t.db, { province: "19", from, to, ...(commune ? { commune } : {}) })).scope);
    expect(await at("2026-01", "2026-06")).toMatchObject({ buyers: 5, repeatBuyers: 2 });
    // Twice in May is one month: no repeat. July and August from two cooperatives of two communes: a repeat for the province only.
    expect(await at("2026-05", "2026-05", f.communeB)).toMatchObject({ buyers: 1, repeatBuyers: 0 });
    expect(await at("2026-07", "2026-08")).toMatchObject({ buyers: 1, repeatBuyers: 1 });
    expect(await at("2026-07", "2026-08", f.communeA)).toMatchObject({ buyers: 1, repeatBuyers: 0 });
  }, SWEEP_TIMEOUT_MS);

  it("follow new orders, a cancellation, scans and a cooperative moving commune, and a rebuild gives the same", async () => {
    // A buyer comes back in November; the account's March order is cancelled; a scan settles. Then HTX Hai moves to Xã A.
    await addOrder(t.db, {
      createdAt: "2026-11-25T05:01:00Z",
      province: "22",
      phone: "0955555555",
      parts: [{ organisationId: f.coop1, lines: [{ productId: f.p1, quantity: 2, unitPriceVnd: 90_000 }] }],
    });
    await t.db.execute(sql`update sub_orders set status = 'cancelled', updated_at = '2026-11-25T05:02:00Z'
      where id in (select s.id from sub_orders s join orders o on o.id = s.order_id where o.created_at = '2026-03-20T03:00:00Z')`);
    await addScans(t.db, { organisationId: f.coop2, batchId: f.b3, minute: "2026-11-25T04:58:00Z", province: "22", count: 4 });
    const report = await refreshInsights(t.db, new Date("2026-11-25T05:10:00Z"));
    expect(report.salesMonths).toEqual(["2026-03-01", "2026-11-01"]);
    expect(await expectEveryPeriodLive()).toBe(3 * 55);

    await t.db.execute(sql`update organisations set commune_id = ${f.communeA} where id = ${f.coop2}`);
    await refreshInsights(t.db, new Date("2026-11-25T05:11:00Z"));
    expect(await expectEveryPeriodLive(2)).toBeGreaterThan(0);
    const communeB = (await resolveScope(t.db, { province: "19", commune: f.communeB, from: "2026-01", to: "2026-11" })).scope;
    expect((await getMarketExpansion(t.db, communeB)).buyers).toBe(0);

    // Moving back, and a rebuild from nothing: the same pages.
    await t.db.execute(sql`update organisations set commune_id = ${f.communeB} where id = ${f.coop2}`);
    await refreshInsights(t.db, new Date("2026-11-25T05:12:00Z"));
    expect(await expectEveryPeriodLive(2)).toBeGreaterThan(0);
    const year = (await resolveScope(t.db, { province: "19", from: "2026-01", to: "2026-11" })).scope;
    const before = await getMarketExpansion(t.db, year);
    await t.db.execute(sql`delete from insight_refreshes`);
    await refreshInsights(t.db, new Date("2026-11-25T05:12:00Z"));
    expect(await getMarketExpansion(t.db, year)).toEqual(before);
    const counts = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from insight_repeat_buyers where buyers <= 0`));
    expect(counts[0]?.n).toBe(0);
  }, SWEEP_TIMEOUT_MS);

  it("count a transfer only once it is confirmed, never one that expired, and show what is awaited beside the sales", async () => {
    const transfer = (phone: string, organisationId: string, productId: string, quantity: number, unitPriceVnd: number) =>
      addOrder(t.db, {
        createdAt: "2026-11-25T05:13:00Z",
        province: "01",
        phone,
        paymentMethod: "bank_transfer",
        parts: [{ organisationId, unpaid: true, lines: [{ productId, quantity, unitPriceVnd }] }],
      });
    const november = async () => getMarketExpansion(t.db, (await resolveScope(t.db, { province: "19", from: "2026-11", to: "2026-11" })).scope);
    const before = await november();
    const confirmed = await transfer("0977000001", f.coop2, f.p3, 3, 50_000);
    const expired = await transfer("0977000002", f.coop1, f.p1, 1, 100_000);

    await refreshInsights(t.db, new Date("2026-11-25T05:20:00Z"));
    const pending = await november();
    expect(pending.months).toEqual(before.months);
    expect(pending.buyers).toBe(before.buyers);
    expect(pending.awaitingPayment).toEqual({ subOrders: before.awaitingPayment.subOrders + 2, valueVnd: before.awaitingPayment.valueVnd + 250_000 });
    expect(await expectEveryPeriodLive(2)).toBeGreaterThan(0);

    // As the payments context records them: one transfer confirmed, the other cancelled with its payment expired.
    await t.db.execute(sql`update sub_orders set payment_status = 'paid', status = 'confirmed', updated_at = '2026-11-25T05:21:00Z'
      where id = ${confirmed.subOrderIds[0]!}`);
    await t.db.execute(sql`update sub_orders set status = 'cancelled', updated_at = '2026-11-25T05:21:00Z' where id = ${expired.subOrderIds[0]!}`);
    await t.db.execute(sql`update orders set status = 'cancelled', updated_at = '2026-11-25T05:21:00Z' where id = ${expired.orderId}`);
    const report = await refreshInsights(t.db, new Date("2026-11-25T05:30:00Z"));
    expect(report.salesMonths).toEqual(["2026-11-01"]);
    const after = await november();
    expect(after.months[0]?.valueVnd).toBe((before.months[0]?.valueVnd ?? 0) + 150_000);
    expect(after.buyers).toBe(before.buyers + 1);
    expect(after.awaitingPayment).toEqual(before.awaitingPayment);
    expect(await expectEveryPeriodLive(2)).toBeGreaterThan(0);
  }, SWEEP_TIMEOUT_MS);
});
