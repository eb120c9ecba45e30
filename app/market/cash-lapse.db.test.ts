import { and, eq } from "drizzle-orm";
import { silentLogger } from "~/lib/logger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, orders, organisations, payments, subOrders } from "#db/schema";
import { listOutbox, runMailQueue } from "~/notifications/queue.server";
import { memoryChannel } from "../../tests/setup/mail";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { createOrder, createShop, unitsAvailable, type Shop } from "../../tests/setup/payment-fixtures";
import { getCashHoldHours, setCashHoldHoursFromForm } from "./payment-checks.server";
import { CASH_UNCONFIRMED, lapseUnconfirmedCashOrders } from "./stock.server";

const hours = (from: Date, h: number) => new Date(from.getTime() + h * 3600_000);

describe("cash-on-delivery orders the cooperative does not confirm lapse after its hold period", () => {
  let t: TestDatabase;
  let shop: Shop;
  const clock = new Date("2026-11-25T03:00:00Z");
  const channel = memoryChannel();
  const lapsedMail = async (to: string) => (await listOutbox(t.db, to)).filter((m) => m.kind === "cash_order_lapsed");

  beforeAll(async () => {
    t = await createTestDatabase();
    shop = await createShop(t.db, 30);
    // The tea cooperative holds for a day; the rice cooperative keeps the default (48 h).
    await t.db.update(organisations).set({ cashHoldHours: 24 }).where(eq(organisations.id, shop.teaCoop));
  });
  afterAll(async () => {
    await t?.dispose();
  });

  async function subsOf(orderId: string) {
    return t.db
      .select({ organisationId: subOrders.organisationId, status: subOrders.status, cancelReason: subOrders.cancelReason })
      .from(subOrders)
      .where(eq(subOrders.orderId, orderId));
  }
  const statusOf = async (orderId: string) => (await t.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)))[0]!.status;

  it("cancels each cooperative's unconfirmed part after its period, returns the stock, expires the payment and tells the buyer", async () => {
    const teaBefore = await unitsAvailable(t.db, shop.tea.batchId);
    const riceBefore = await unitsAvailable(t.db, shop.rice.batchId);
    const order = await createOrder(t.db, {
      method: "cash_on_delivery",
      now: clock,
      email: "Mua@Example.vn",
      lines: [
        { productId: shop.tea.productId, quantity: 3 },
        { productId: shop.rice.productId, quantity: 2 },
      ],
    });
    // A transfer order is not a cash order: it stays.
    const transfer = await createOrder(t.db, { method: "bank_transfer", now: clock, lines: [{ productId: shop.tea.productId, quantity: 1 }] });
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(teaBefore - 4);

    expect(await lapseUnconfirmedCashOrders(t.db, hours(clock, 23))).toBe(0);
    expect(await lapseUnconfirmedCashOrders(t.db, hours(clock, 25))).toBe(1);
    const tea = (await subsOf(order.orderId)).find((s) => s.organisationId === shop.teaCoop)!;
    const rice = (await subsOf(order.orderId)).find((s) => s.organisationId === shop.riceCoop)!;
    expect(tea).toMatchObject({ status: "cancelled", cancelReason: CASH_UNCONFIRMED });
    expect(rice).toMatchObject({ status: "pending" });
    expect(await statusOf(order.orderId)).toBe("placed");
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(teaBefore - 1);
    expect(await unitsAvailable(t.db, shop.rice.batchId)).toBe(riceBefore - 2);
    const teaSub = order.subOrders.find((s) => s.organisationId === shop.teaCoop)!.id;
    const [teaPayment] = await t.db.select({ status: payments.status }).from(payments).where(eq(payments.subOrderId, teaSub));
    expect(teaPayment!.status).toBe("expired");
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, teaSub), eq(auditEvents.action, "lapse")));
    expect(audits.map((a) => a.organisationId)).toEqual([shop.teaCoop]);
    // The buyer is told, through the mail queue, in the order's language; the queue then sends it.
    const queued = await lapsedMail("mua@example.vn");
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: "cash_order_lapsed", status: "pending", sentAt: null });
    expect(queued[0]!.subject).toContain(order.number);
    expect(queued[0]!.bodyText).toContain("HTX Chè Thử");
    await runMailQueue(t.db, { channels: [channel], publicUrl: "https://ocop.example.vn", logger: silentLogger });
    expect(channel.sent.filter((m) => m.kind === "cash_order_lapsed").map((m) => m.to)).toEqual(["mua@example.vn"]);
    expect((await lapsedMail("mua@example.vn"))[0]).toMatchObject({ status: "sent", sentAt: expect.any(Date) });

    // Again at the same time: nothing more.
    expect(await lapseUnconfirmedCashOrders(t.db, hours(clock, 25))).toBe(0);
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(teaBefore - 1);

    // After 48 h the rice part lapses too, and with it the order.
    expect(await lapseUnconfirmedCashOrders(t.db, hours(clock, 49))).toBe(1);
    expect(await statusOf(order.orderId)).toBe("cancelled");
    expect(await unitsAvailable(t.db, shop.rice.batchId)).toBe(riceBefore);
    expect(await lapsedMail("mua@example.vn")).toHaveLength(2);
    expect(await statusOf(transfer.orderId)).toBe("placed");
  });

  it("leaves a part the cooperative confirmed", async () => {
    const order = await createOrder(t.db, { method: "cash_on_delivery", now: clock, lines: [{ productId: shop.rice.productId, quantity: 1 }] });
    await t.db.update(subOrders).set({ status: "confirmed" }).where(eq(subOrders.orderId, order.orderId));
    const before = await unitsAvailable(t.db, shop.rice.batchId);
    expect(await lapseUnconfirmedCashOrders(t.db, hours(clock, 100))).toBe(0);
    expect(await subsOf(order.orderId)).toMatchObject([{ status: "confirmed" }]);
    expect(await unitsAvailable(t.db, shop.rice.batchId)).toBe(before);
  });

  it("the cooperative sets its hold period (1–720 whole hours), audited; bad input is refused by the field", async () => {
    const actor = { userId: null, organisationId: shop.riceCoop };
    expect(await getCashHoldHours(t.db, shop.riceCoop)).toBe(48);
    for (const bad of ["0", "721", "abc", "1.5", ""]) {
      expect(await setCashHoldHoursFromForm(t.db, actor, { cashHoldHours: bad })).toEqual({
        ok: false,
        reason: "invalid_input",
        fieldErrors: { cashHoldHours: "orders.cashHold.invalid" },
      });
    }
    expect(await setCashHoldHoursFromForm(t.db, actor, { cashHoldHours: " 72 " })).toEqual({ ok: true, hours: 72 });
    expect(await getCashHoldHours(t.db, shop.riceCoop)).toBe(72);
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, shop.riceCoop), eq(auditEvents.action, "set_cash_hold_hours")));
    expect(audits.map((a) => a.changes)).toEqual([{ before: { cashHoldHours: 48 }, after: { cashHoldHours: 72 } }]);
  });
});
