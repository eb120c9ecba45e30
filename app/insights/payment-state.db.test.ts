import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insightRefreshes, organisations, payments } from "#db/schema";
import { silentLogger } from "~/lib/logger";
import { vietnamToday } from "~/lib/vietnam-time";
import { confirmTransferReceipt, moveSubOrder, type FulfilmentActor } from "~/market/fulfilment.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { addCommune } from "../../tests/setup/insights-data";
import { createCoop, placeCoopOrder, type CoopFixture, type OrderFixture } from "../../tests/setup/order-fixtures";
import { getMarketExpansion } from "./market.server";
import { getOverview } from "./overview.server";
import { refreshInsights } from "./rollups.server";
import { resolveScope } from "./scope.server";

// Orders placed, paid, confirmed, cancelled and delivered through the market's own commands, and the
// dashboards after each refresh: only money that came in is a sale (decision 0020); what is still
// awaited is shown beside it.
let t: TestDatabase;
let coop: CoopFixture;
let manager: FulfilmentActor;
const month = vietnamToday().slice(0, 7);

beforeAll(async () => {
  t = await createTestDatabase();
  coop = await createCoop(t.db, "thanh-toan");
  const commune = await addCommune(t.db, "19", "xa-thanh-toan", "Xã Thanh Toán");
  await t.db.update(organisations).set({ communeId: commune }).where(eq(organisations.id, coop.id));
  manager = { userId: coop.managerId, role: "cooperative_manager" };
});

afterAll(async () => {
  await t?.dispose();
});

async function figures() {
  await refreshInsights(t.db);
  const scope = (await resolveScope(t.db, { province: "19", from: month, to: month })).scope;
  const market = await getMarketExpansion(t.db, scope);
  const overview = await getOverview(t.db, scope, vietnamToday());
  expect(market.months.reduce((n, m) => n + m.valueVnd, 0)).toBe(overview.salesValueVnd);
  return {
    salesVnd: overview.salesValueVnd,
    subOrders: overview.subOrders,
    buyers: market.buyers,
    awaiting: market.awaitingPayment,
    topProductVnd: market.topProducts[0]?.valueVnd ?? 0,
  };
}

const step = (order: OrderFixture, form: Record<string, string>) =>
  moveSubOrder(t.db, null, silentLogger, { organisationId: coop.id, reference: order.subOrders[0]!.reference, actor: manager, form });

describe("sales by payment state", () => {
  let transferA: OrderFixture;
  let transferB: OrderFixture;
  let cash: OrderFixture;

  it("counts a paid card order, not transfers or cash still awaited, nor a card checkout not paid", async () => {
    transferA = await placeCoopOrder(t.db, { method: "bank_transfer", items: [{ coop, quantity: 2 }], phone: "0911000001" });
    transferB = await placeCoopOrder(t.db, { method: "bank_transfer", items: [{ coop, quantity: 1 }], phone: "0911000002" });
    cash = await placeCoopOrder(t.db, { method: "cash_on_delivery", items: [{ coop, quantity: 1 }], phone: "0911000003" });
    await placeCoopOrder(t.db, { method: "card", items: [{ coop, quantity: 1 }], phone: "0911000004", cardPaid: true });
    await placeCoopOrder(t.db, { method: "card", items: [{ coop, quantity: 1 }], phone: "0911000005" });
    expect(await figures()).toEqual({
      salesVnd: 120_000,
      subOrders: 1,
      buyers: 1,
      awaiting: { subOrders: 3, valueVnd: 480_000 },
      topProductVnd: 120_000,
    });
  });

  it("makes a transfer a sale once the cooperative confirms it arrived", async () => {
    expect(await confirmTransferReceipt(t.db, { organisationId: coop.id, reference: transferA.subOrders[0]!.reference, actor: manager, form: {} })).toEqual({ ok: true });
    expect(await figures()).toEqual({
      salesVnd: 360_000,
      subOrders: 2,
      buyers: 2,
      awaiting: { subOrders: 2, valueVnd: 240_000 },
      topProductVnd: 360_000,
    });
  });

  it("never counts a transfer whose payment expired with its cancellation", async () => {
    expect(await step(transferB, { intent: "cancel", reason: "Khách không chuyển khoản" })).toMatchObject({ ok: true });
    const [payment] = await t.db.select({ status: payments.status }).from(payments).where(and(eq(payments.subOrderId, transferB.subOrders[0]!.id)));
    expect(payment?.status).toBe("expired");
    expect(await figures()).toMatchObject({ salesVnd: 360_000, subOrders: 2, awaiting: { subOrders: 1, valueVnd: 120_000 } });
  });

  it("counts cash on delivery only once it is delivered and collected, not when shipped", async () => {
    expect(await step(cash, { intent: "accept" })).toMatchObject({ ok: true });
    expect(await step(cash, { intent: "pack" })).toMatchObject({ ok: true });
    expect(await step(cash, { intent: "ship", carrier: "VNPost", trackingNumber: "VN123456789" })).toMatchObject({ ok: true });
    expect(await figures()).toMatchObject({ salesVnd: 360_000, awaiting: { subOrders: 1, valueVnd: 120_000 } });
    expect(await step(cash, { intent: "deliver" })).toMatchObject({ ok: true });
    expect(await figures()).toEqual({
      salesVnd: 480_000,
      subOrders: 3,
      buyers: 3,
      awaiting: { subOrders: 0, valueVnd: 0 },
      topProductVnd: 480_000,
    });
  });

  it("gives the same figures after a rebuild from nothing", async () => {
    const before = await figures();
    await t.db.delete(insightRefreshes);
    expect(await figures()).toEqual(before);
  });
});
