import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { memoryLogger } from "../lib/logger";
import type { DashboardFilters } from "./filters";
import { getMarketExpansion, repeatBuyerPercent } from "./market.server";
import { ecommerceSharePercent, getOverview } from "./overview.server";
import { ensureFreshInsights, getFreshness, refreshInsights } from "./rollups.server";
import { resolveScope } from "./scope.server";
import { addOrder, addScans, seedInsightsFixture, type InsightsFixture } from "../../tests/setup/insights-data";

const TODAY = "2026-11-25";
const NOW = new Date("2026-11-25T05:00:00Z");
const YEAR: DashboardFilters = { province: "19", from: "2026-01", to: "2026-11" };

let t: TestDatabase;
let f: InsightsFixture;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await seedInsightsFixture(t.db);
  await refreshInsights(t.db, NOW);
});

afterAll(async () => {
  await t?.dispose();
});

async function scopeOf(filters: DashboardFilters) {
  return (await resolveScope(t.db, filters)).scope;
}

describe("overview", () => {
  it("counts participants, OCOP products, certificates, lots, scans and sales of the province in the period", async () => {
    const o = await getOverview(t.db, await scopeOf(YEAR), TODAY);
    expect(o.cooperatives).toBe(2); // the pending cooperative and the department do not count
    expect(o.producers).toBe(3);
    expect(o.ocopProducts).toBe(3); // p4's certificate has expired, p6 is in Hà Nội
    expect(o.ocop).toEqual(
      expect.arrayContaining([
        { group: "beverage", stars: 4, products: 1 },
        { group: "beverage", stars: 3, products: 1 },
        { group: "food", stars: 5, products: 1 },
      ]),
    );
    expect(o.expiring.map((e) => e.slug)).toEqual(["p2"]);
    expect(o.expiring[0]?.expiresOn).toBe("2026-12-20");
    expect(o.expired).toBe(1);
    expect(o.batches).toBe(2); // B2 was produced in 2025, B4 in Hà Nội
    expect(o.scans).toBe(10); // 5 + 2 + 3; not December 2025, not Hà Nội's
    expect(o.salesValueVnd).toBe(690_000);
    expect(o.subOrders).toBe(5);
    expect(o.unitsSold).toBe(9);
    expect(o.ocopEntities).toBe(2);
    expect(o.ocopEntitiesSelling).toBe(2);
    expect(ecommerceSharePercent(o)).toBe(100);
  });

  it("narrows to one commune", async () => {
    const o = await getOverview(t.db, await scopeOf({ ...YEAR, commune: f.communeB }), TODAY);
    expect(o.cooperatives).toBe(1);
    expect(o.producers).toBe(1);
    expect(o.salesValueVnd).toBe(150_000);
    expect(o.subOrders).toBe(2);
    expect(o.scans).toBe(3);
    expect(o.expiring).toEqual([]);
  });

  it("narrows to a period", async () => {
    const o = await getOverview(t.db, await scopeOf({ province: "19", from: "2026-03", to: "2026-03" }), TODAY);
    expect(o.salesValueVnd).toBe(340_000);
    expect(o.subOrders).toBe(2);
    expect(o.scans).toBe(7);
    expect(o.batches).toBe(1);
    expect(o.ocopEntitiesSelling).toBe(1);
    expect(ecommerceSharePercent(o)).toBe(50);
  });

  it("reports an unknown province or a commune of another province and falls back", async () => {
    const bad = await resolveScope(t.db, { ...YEAR, province: "99" });
    expect(bad.problems.province).toBe("ins.filter.province");
    expect(bad.scope.province.code).toBe("19");
    const elsewhere = await resolveScope(t.db, { ...YEAR, commune: f.communeHanoi });
    expect(elsewhere.problems.commune).toBe("ins.filter.commune");
    expect(elsewhere.scope.commune).toBeNull();
  });

  it("has no share when there are no OCOP entities", () => {
    expect(ecommerceSharePercent({ ocopEntities: 0, ocopEntitiesSelling: 0 })).toBeNull();
    expect(ecommerceSharePercent({ ocopEntities: 3, ocopEntitiesSelling: 1 })).toBe(33.3);
  });
});

describe("market expansion", () => {
  it("breaks sales down by buyer province and month, with first reach, top lists, buyers and scans", async () => {
    const m = await getMarketExpansion(t.db, await scopeOf(YEAR));
    expect(m.months).toHaveLength(11);
    expect(m.months.find((x) => x.month === "2026-02")).toEqual({ month: "2026-02", subOrders: 3, valueVnd: 350_000, provinces: 2 });
    expect(m.months.find((x) => x.month === "2026-03")).toEqual({ month: "2026-03", subOrders: 2, valueVnd: 340_000, provinces: 2 });
    expect(m.months.find((x) => x.month === "2026-01")?.valueVnd).toBe(0);
    expect(m.months.reduce((n, x) => n + x.valueVnd, 0)).toBe(690_000);

    expect(m.provinces).toHaveLength(34);
    const hanoi = m.provinces.find((p) => p.code === "01");
    expect(hanoi).toMatchObject({ subOrders: 3, valueVnd: 490_000, scans: 5, firstMonth: "2026-02" });
    expect(m.provinces[0]?.code).toBe("01"); // ranked by value
    expect(m.provinces.find((p) => p.code === "79")).toMatchObject({ valueVnd: 0, firstMonth: "2025-12" });
    expect(m.newProvinces.map((p) => p.code)).toEqual(["48", "01", "19"]); // by month, then name (Đà Nẵng before Hà Nội)
    expect(m.provinceMonths).toContainEqual({ month: "2026-02", code: "48", subOrders: 1, valueVnd: 100_000 });

    expect(m.topProducts.map((p) => [p.slug, p.valueVnd, p.units])).toEqual([
      ["p1", 300_000, 3],
      ["p2", 240_000, 3],
      ["p3", 150_000, 3],
    ]);
    expect(m.topCooperatives.map((c) => [c.slug, c.valueVnd, c.subOrders, c.provinces])).toEqual([
      ["htx-1", 540_000, 3, 2],
      ["htx-2", 150_000, 2, 2],
    ]);
    expect(m.buyers).toBe(3);
    expect(m.repeatBuyers).toBe(1); // the account that bought in February and March
    expect(repeatBuyerPercent(m)).toBe(33.3);
    expect(m.scansUnknownProvince).toBe(2);
  });

  it("has no repeat rate without buyers", async () => {
    const m = await getMarketExpansion(t.db, await scopeOf({ province: "19", from: "2026-07", to: "2026-08" }));
    expect(m.buyers).toBe(0);
    expect(repeatBuyerPercent(m)).toBeNull();
    expect(m.newProvinces).toEqual([]);
  });
});

describe("rollup refresh", () => {
  it("records freshness and keeps figures right as orders change and scans arrive", async () => {
    const fresh = await getFreshness(t.db);
    expect(fresh.map((x) => x.rollup)).toEqual(["sales", "scans"]);
    expect(fresh.find((x) => x.rollup === "scans")?.coveredUntil.toISOString()).toBe("2026-11-25T04:55:00.000Z");

    // A new order, a cancelled sub-order of March, a scan just now and one old enough to count.
    await addOrder(t.db, {
      createdAt: "2026-11-25T05:01:00Z",
      province: "22",
      phone: "0977777777",
      parts: [{ organisationId: f.coop2, lines: [{ productId: f.p3, quantity: 4, unitPriceVnd: 50_000 }] }],
    });
    await t.db.execute(
      sql`update sub_orders set status = 'cancelled', updated_at = '2026-11-25T05:02:00Z' where id = ${f.o2SubOrder}`,
    );
    await addScans(t.db, { organisationId: f.coop1, batchId: f.b1, minute: "2026-11-25T04:58:00Z", province: "19", count: 6 });
    await addScans(t.db, { organisationId: f.coop1, batchId: f.b1, minute: "2026-11-25T05:08:00Z", province: "19", count: 9 });

    const report = await refreshInsights(t.db, new Date("2026-11-25T05:10:00Z"));
    expect(report.ran).toBe(true);
    expect(report.salesMonths).toEqual(["2026-03-01", "2026-11-01"]);
    expect(report.scansAdded).toBe(6); // the 05:08 minute is not settled yet

    const o = await getOverview(t.db, await scopeOf(YEAR), TODAY);
    expect(o.salesValueVnd).toBe(690_000 - 100_000 + 200_000);
    expect(o.subOrders).toBe(5);
    expect(o.scans).toBe(16);

    await refreshInsights(t.db, new Date("2026-11-25T05:20:00Z"));
    expect((await getOverview(t.db, await scopeOf(YEAR), TODAY)).scans).toBe(25);
  });

  it("does nothing new when refreshed twice at the same instant, and ensureFresh reads without waiting", async () => {
    const before = await getOverview(t.db, await scopeOf(YEAR), TODAY);
    await refreshInsights(t.db, new Date("2026-11-25T05:20:00Z"));
    const fresh = await ensureFreshInsights(t.db, { logger: memoryLogger(), now: new Date("2026-11-25T05:20:30Z") });
    expect(fresh).toHaveLength(2);
    expect(await getOverview(t.db, await scopeOf(YEAR), TODAY)).toEqual(before);
  });

  it("logs a failed background refresh through the server's logger and still answers what is there", async () => {
    const broken = new Proxy(t.db, {
      get: (target, key, receiver) => (key === "transaction" ? () => Promise.reject(new Error("refresh broke")) : Reflect.get(target, key, receiver)),
    });
    const logger = memoryLogger();
    const fresh = await ensureFreshInsights(broken, { logger, now: new Date("2026-11-25T07:00:00Z") });
    expect(fresh).toHaveLength(2);
    await vi.waitFor(() => expect(logger.records).toEqual([{ level: "error", msg: "insights refresh failed", fields: { error: "refresh broke", errorName: "Error" } }]));
  });
});
