import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, orderEvents, orderLineAllocations, orderLines, orders, payments, refunds, subOrders } from "#db/schema";
import { silentLogger } from "~/lib/logger";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { createCoop, placeCoopOrder, unitsAvailable, type CoopFixture } from "../../tests/setup/order-fixtures";
import { confirmTransferReceipt, moveSubOrder, refundFromWorkspace, type FulfilmentActor } from "./fulfilment.server";

describe("fulfilment of sub-orders", () => {
  let t: TestDatabase;
  let a: CoopFixture;
  let b: CoopFixture;
  let managerA: FulfilmentActor;
  let staffA: FulfilmentActor;
  let staffB: FulfilmentActor;

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await createCoop(t.db, "a", [50, 50]);
    b = await createCoop(t.db, "b", [50, 50]);
    managerA = { userId: a.managerId, role: "cooperative_manager" };
    staffA = { userId: a.staffId, role: "cooperative_staff" };
    staffB = { userId: b.staffId, role: "cooperative_staff" };
  });
  afterAll(async () => {
    await t.dispose();
  });

  const move = (coop: CoopFixture, reference: string, actor: FulfilmentActor, form: Record<string, string>) =>
    moveSubOrder(t.db, null, silentLogger, { organisationId: coop.id, reference, actor, form });

  async function subOrder(id: string) {
    const [row] = await t.db.select().from(subOrders).where(eq(subOrders.id, id));
    return row!;
  }
  async function eventsOf(subOrderId: string) {
    return (await t.db.select().from(orderEvents).where(eq(orderEvents.subOrderId, subOrderId)).orderBy(orderEvents.createdAt)).map((e) => e.status);
  }

  it("takes a cash-on-delivery order from pending to delivered, collecting the cash at the door", async () => {
    const order = await placeCoopOrder(t.db, { method: "cash_on_delivery", items: [{ coop: a, quantity: 2 }] });
    const ref = order.subOrders[0]!.reference;
    const id = order.subOrders[0]!.id;
    expect(await move(a, ref, staffA, { intent: "accept" })).toMatchObject({ ok: true, status: "confirmed" });
    expect(await move(a, ref, staffA, { intent: "pack" })).toMatchObject({ ok: true, status: "packed" });
    expect(await move(a, ref, staffA, { intent: "ship", carrier: "Viettel Post", trackingNumber: "VTP123456789" })).toMatchObject({
      ok: true,
      status: "shipped",
    });
    expect((await subOrder(id)).paymentStatus).toBe("unpaid");
    expect(await move(a, ref, staffA, { intent: "deliver" })).toMatchObject({ ok: true, status: "delivered" });
    const row = await subOrder(id);
    expect(row).toMatchObject({ status: "delivered", paymentStatus: "paid", carrier: "Viettel Post", trackingNumber: "VTP123456789" });
    const [cash] = await t.db.select().from(payments).where(eq(payments.subOrderId, id));
    expect(cash).toMatchObject({ provider: "cash", status: "succeeded", confirmedBy: a.staffId });
    expect(await eventsOf(id)).toEqual(["pending", "confirmed", "packed", "shipped", "delivered", "paid"]);
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "sub_order"), eq(auditEvents.entityId, id)));
    expect(audits).toHaveLength(4);
    expect(audits.every((e) => e.organisationId === a.id && e.actorUserId === a.staffId)).toBe(true);
  });

  it("needs a carrier and a tracking number to ship, and says which is wrong", async () => {
    const order = await placeCoopOrder(t.db, { method: "cash_on_delivery", items: [{ coop: a, quantity: 1 }] });
    const ref = order.subOrders[0]!.reference;
    await move(a, ref, staffA, { intent: "accept" });
    await move(a, ref, staffA, { intent: "pack" });
    expect(await move(a, ref, staffA, { intent: "ship", carrier: "", trackingNumber: "=cmd|'/C calc'!A0" })).toEqual({
      ok: false,
      reason: "invalid_input",
      fieldErrors: { carrier: "validation.required", trackingNumber: "orders.validation.tracking" },
    });
    expect(await move(a, ref, staffA, { intent: "ship", carrier: "GHN" })).toMatchObject({ fieldErrors: { trackingNumber: "validation.required" } });
    expect(await move(a, ref, staffA, { intent: "teleport" })).toMatchObject({ reason: "invalid_input" });
    expect((await subOrder(order.subOrders[0]!.id)).status).toBe("packed");
  });

  it("refuses steps out of order, and accepting an order that payment confirms", async () => {
    const cod = await placeCoopOrder(t.db, { method: "cash_on_delivery", items: [{ coop: a, quantity: 1 }] });
    const codRef = cod.subOrders[0]!.reference;
    expect(await move(a, codRef, staffA, { intent: "pack" })).toEqual({ ok: false, reason: "invalid_transition" });
    expect(await move(a, codRef, staffA, { intent: "deliver" })).toEqual({ ok: false, reason: "invalid_transition" });
    expect(await move(a, codRef, staffA, { intent: "ship", carrier: "GHN", trackingNumber: "GHN0001" })).toEqual({
      ok: false,
      reason: "invalid_transition",
    });
    const transfer = await placeCoopOrder(t.db, { method: "bank_transfer", items: [{ coop: a, quantity: 1 }] });
    expect(await move(a, transfer.subOrders[0]!.reference, staffA, { intent: "accept" })).toEqual({ ok: false, reason: "invalid_transition" });
    const card = await placeCoopOrder(t.db, { method: "card", items: [{ coop: a, quantity: 1 }] });
    for (const intent of ["accept", "cancel"]) {
      expect(await move(a, card.subOrders[0]!.reference, managerA, { intent, reason: "khách đổi ý" })).toEqual({
        ok: false,
        reason: "invalid_transition",
      });
    }
    // Delivered is final: nothing more, not even cancelling.
    await move(a, codRef, staffA, { intent: "accept" });
    await move(a, codRef, staffA, { intent: "pack" });
    await move(a, codRef, staffA, { intent: "ship", carrier: "GHN", trackingNumber: "GHN0002" });
    expect(await move(a, codRef, managerA, { intent: "cancel", reason: "quá muộn" })).toEqual({ ok: false, reason: "invalid_transition" });
    await move(a, codRef, staffA, { intent: "deliver" });
    expect(await move(a, codRef, staffA, { intent: "deliver" })).toEqual({ ok: false, reason: "invalid_transition" });
  });

  it("applies a step once when two members click at the same time", async () => {
    const order = await placeCoopOrder(t.db, { method: "cash_on_delivery", items: [{ coop: a, quantity: 1 }] });
    const ref = order.subOrders[0]!.reference;
    const results = await Promise.all([
      move(a, ref, staffA, { intent: "accept" }),
      move(a, ref, managerA, { intent: "accept" }),
      move(a, ref, staffA, { intent: "accept" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "invalid_transition")).toBe(true);
    const cancels = await Promise.all([
      move(a, ref, managerA, { intent: "cancel", reason: "hết hàng đẹp" }),
      move(a, ref, managerA, { intent: "cancel", reason: "hết hàng đẹp" }),
    ]);
    expect(cancels.filter((r) => r.ok)).toHaveLength(1);
    expect(await eventsOf(order.subOrders[0]!.id)).toEqual(["pending", "confirmed", "cancelled"]);
    // Stock came back once, not twice.
    const allocations = await t.db
      .select()
      .from(orderLineAllocations)
      .innerJoin(orderLines, eq(orderLines.id, orderLineAllocations.orderLineId))
      .where(eq(orderLines.subOrderId, order.subOrders[0]!.id));
    expect(allocations.every((r) => r.order_line_allocations.releasedAt !== null)).toBe(true);
  });

  it("lets a cooperative neither see nor change another cooperative's sub-order", async () => {
    const order = await placeCoopOrder(t.db, { method: "bank_transfer", items: [{ coop: a, quantity: 1 }, { coop: b, quantity: 1 }] });
    const refA = order.subOrders[0]!.reference;
    expect(await move(b, refA, staffB, { intent: "cancel", reason: "không phải của tôi" })).toEqual({ ok: false, reason: "not_found" });
    expect(await confirmTransferReceipt(t.db, { organisationId: b.id, reference: refA, actor: staffB, form: {} })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(
      await refundFromWorkspace(t.db, null, silentLogger, {
        organisationId: b.id,
        reference: refA,
        actor: { userId: b.managerId, role: "cooperative_manager" },
        form: { amountVnd: "1000", reason: "thử" },
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    expect((await subOrder(order.subOrders[0]!.id)).status).toBe("pending");
  });

  it("confirms a transfer once, then works it through; the audit log says who", async () => {
    const order = await placeCoopOrder(t.db, { method: "bank_transfer", items: [{ coop: a, quantity: 1 }] });
    const { id, reference } = order.subOrders[0]!;
    expect(await confirmTransferReceipt(t.db, { organisationId: a.id, reference, actor: staffA, form: { bankReference: "FT2633012345" } })).toEqual({
      ok: true,
    });
    expect(await confirmTransferReceipt(t.db, { organisationId: a.id, reference, actor: staffA, form: {} })).toEqual({
      ok: false,
      reason: "already_paid",
    });
    expect(await subOrder(id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    const [payment] = await t.db.select().from(payments).where(eq(payments.subOrderId, id));
    expect(payment).toMatchObject({ status: "succeeded", reference: "FT2633012345" });
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "confirm_transfer")));
    expect(audit).toHaveLength(1);
    expect(await move(a, reference, staffA, { intent: "pack" })).toMatchObject({ ok: true });
  });

  it("cancels an unpaid sub-order: stock back, payment no longer expected, order cancelled with its last sub-order", async () => {
    const before = [await unitsAvailable(t.db, a.batchIds[0]), await unitsAvailable(t.db, b.batchIds[0])];
    const order = await placeCoopOrder(t.db, { method: "bank_transfer", items: [{ coop: a, quantity: 3 }, { coop: b, quantity: 2 }] });
    const [subA, subB] = order.subOrders;
    expect(await unitsAvailable(t.db, a.batchIds[0])).toBe(before[0]! - 3);
    expect(await move(a, subA!.reference, staffA, { intent: "cancel", reason: "Khách gọi huỷ" })).toMatchObject({ ok: true, status: "cancelled" });
    expect(await unitsAvailable(t.db, a.batchIds[0])).toBe(before[0]);
    expect(await subOrder(subA!.id)).toMatchObject({ status: "cancelled", cancelReason: "Khách gọi huỷ" });
    const [paymentA] = await t.db.select().from(payments).where(eq(payments.subOrderId, subA!.id));
    expect(paymentA!.status).toBe("expired");
    let [orderRow] = await t.db.select().from(orders).where(eq(orders.id, order.orderId));
    expect(orderRow!.status).toBe("placed");
    expect(await move(b, subB!.reference, staffB, { intent: "cancel", reason: "Khách gọi huỷ" })).toMatchObject({ ok: true });
    expect(await unitsAvailable(t.db, b.batchIds[0])).toBe(before[1]);
    [orderRow] = await t.db.select().from(orders).where(eq(orders.id, order.orderId));
    expect(orderRow!.status).toBe("cancelled");
    const orderLevel = await t.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.orderId), eq(orderEvents.status, "cancelled")));
    expect(orderLevel.filter((e) => e.subOrderId === null)).toHaveLength(1);
  });

  it("refunds on cancelling a paid sub-order, which only a manager may do", async () => {
    const order = await placeCoopOrder(t.db, { method: "bank_transfer", items: [{ coop: a, quantity: 2 }] });
    const { id, reference, totalVnd } = order.subOrders[0]!;
    await confirmTransferReceipt(t.db, { organisationId: a.id, reference, actor: staffA, form: {} });
    const stockBefore = await unitsAvailable(t.db, a.batchIds[0]);
    expect(await move(a, reference, staffA, { intent: "cancel", reason: "Hết hàng" })).toEqual({ ok: false, reason: "forbidden" });
    expect((await subOrder(id)).status).toBe("confirmed");
    expect(await move(a, reference, managerA, { intent: "cancel", reason: "Hết hàng" })).toMatchObject({ ok: true });
    expect(await subOrder(id)).toMatchObject({ status: "cancelled", paymentStatus: "refunded", refundedVnd: totalVnd });
    const [refund] = await t.db.select().from(refunds).where(eq(refunds.subOrderId, id));
    expect(refund).toMatchObject({ amountVnd: totalVnd, createdBy: a.managerId, stripeRefundId: null });
    expect(await unitsAvailable(t.db, a.batchIds[0])).toBe(stockBefore + 2);
    expect(await eventsOf(id)).toEqual(["pending", "paid", "confirmed", "cancelled", "refunded"]);
  });

  it("changes nothing when the card refund of a cancellation cannot be made", async () => {
    const order = await placeCoopOrder(t.db, { method: "card", cardPaid: true, items: [{ coop: a, quantity: 1 }] });
    const { id, reference } = order.subOrders[0]!;
    const stockBefore = await unitsAvailable(t.db, a.batchIds[0]);
    // No Stripe configured: the money cannot go back, so the order stays as it was.
    expect(await move(a, reference, managerA, { intent: "cancel", reason: "Hết hàng" })).toEqual({ ok: false, reason: "refund_failed" });
    expect(await subOrder(id)).toMatchObject({ status: "confirmed", paymentStatus: "paid", refundedVnd: 0 });
    expect(await unitsAvailable(t.db, a.batchIds[0])).toBe(stockBefore);
    expect(await eventsOf(id)).toEqual(["pending", "confirmed"]);
  });

  it("records partial refunds for managers only, never more than was paid", async () => {
    const order = await placeCoopOrder(t.db, { method: "cash_on_delivery", items: [{ coop: a, quantity: 2 }] });
    const { id, reference, totalVnd } = order.subOrders[0]!;
    const refund = (actor: FulfilmentActor, form: Record<string, string>) =>
      refundFromWorkspace(t.db, null, silentLogger, { organisationId: a.id, reference, actor, form });
    expect(await refund(managerA, { amountVnd: "10000", reason: "Gói bị móp" })).toEqual({ ok: false, reason: "not_paid" });
    for (const intent of ["accept", "pack"]) await move(a, reference, staffA, { intent });
    await move(a, reference, staffA, { intent: "ship", carrier: "GHTK", trackingNumber: "S1234567" });
    await move(a, reference, staffA, { intent: "deliver" });
    expect(await refund(staffA, { amountVnd: "10000", reason: "Gói bị móp" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await refund(managerA, { amountVnd: "-5", reason: "Gói bị móp" })).toMatchObject({ fieldErrors: { amountVnd: "orders.validation.amount" } });
    expect(await refund(managerA, { amountVnd: "10000", reason: "" })).toMatchObject({ fieldErrors: { reason: "validation.required" } });
    expect(await refund(managerA, { amountVnd: String(totalVnd + 1), reason: "Gói bị móp" })).toEqual({ ok: false, reason: "too_much" });
    expect(await refund(managerA, { amountVnd: "10000", reason: "Gói bị móp" })).toMatchObject({ ok: true });
    expect(await subOrder(id)).toMatchObject({ status: "delivered", paymentStatus: "paid", refundedVnd: 10000 });
  });
});
