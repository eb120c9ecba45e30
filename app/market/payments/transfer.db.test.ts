import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderEvents, payments, refunds, subOrders } from "#db/schema";
import { silentLogger } from "~/lib/logger";
import { createTestDatabase, type TestDatabase } from "../../../tests/setup/db";
import { parseEmvco } from "../vietqr";
import { matchBankFeed, type BankFeed, type BankTransaction } from "./bank-feed.server";
import { refundSubOrder } from "./refund.server";
import { createOrder, createShop, type OrderFixture, type Shop } from "../../../tests/setup/payment-fixtures";
import { canPayByTransfer, confirmTransferReceived, getTransferInstructions } from "./transfer.server";

const now = new Date("2026-11-25T03:00:00Z");

/** A bank feed held in memory: what a bank integration would report. */
function memoryFeed(transactions: BankTransaction[]): BankFeed {
  return { creditsSince: async (since) => transactions.filter((t) => t.bookedAt >= since) };
}

describe("bank transfer by VietQR", () => {
  let t: TestDatabase;
  let shop: Shop;
  let order: OrderFixture;

  beforeAll(async () => {
    t = await createTestDatabase();
    shop = await createShop(t.db);
    order = await createOrder(t.db, {
      method: "bank_transfer",
      now,
      lines: [
        { productId: shop.tea.productId, quantity: 2 },
        { productId: shop.rice.productId, quantity: 3 },
      ],
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const sub = (organisationId: string, o: OrderFixture = order) => o.subOrders.find((s) => s.organisationId === organisationId)!;

  it("offers transfer only when every cooperative has a bank account", async () => {
    expect(await canPayByTransfer(t.db, [shop.teaCoop, shop.riceCoop])).toBe(true);
    expect(await canPayByTransfer(t.db, [shop.teaCoop, shop.honeyCoop])).toBe(false);
    expect(await canPayByTransfer(t.db, [])).toBe(false);
    expect(await canPayByTransfer(t.db, ["00000000-0000-4000-8000-000000000000"])).toBe(false);
  });

  it("gives the cooperative's account, the exact amount and the reference as a VietQR code", async () => {
    const tea = sub(shop.teaCoop);
    const info = await getTransferInstructions(t.db, tea.id);
    expect(info).toMatchObject({ bankBin: "970436", accountNumber: "0123456789", accountName: "HTX CHE THU", amountVnd: 240_000 });
    expect(info!.reference).toBe(tea.reference.replace(/-/g, " "));
    const tags = parseEmvco(info!.payload)!;
    expect(tags.get("54")).toBe("240000");
    expect(tags.get("53")).toBe("704");
    expect(tags.get("38")).toContain("970436");
    expect(tags.get("38")).toContain("0123456789");
    expect(tags.get("62")).toBe(`08${String(info!.reference.length).padStart(2, "0")}${info!.reference}`);
    expect(info!.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // The page names the bank, and "save QR image" downloads a real PNG.
    expect(info!.bankName).toBe("Vietcombank");
    const png = Buffer.from(info!.qrPngDataUrl.replace(/^data:image\/png;base64,/, ""), "base64");
    expect(info!.qrPngDataUrl.startsWith("data:image/png;base64,")).toBe(true);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(480);
    expect(await getTransferInstructions(t.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("has no instructions for a cooperative without a bank account", async () => {
    // Checkout offers no transfer for it; its order is paid in cash on delivery.
    const honeyOrder = await createOrder(t.db, {
      method: "cash_on_delivery",
      now,
      lines: [{ productId: shop.honey.productId, quantity: 1 }],
    });
    expect(await getTransferInstructions(t.db, honeyOrder.subOrders[0]!.id)).toBeNull();
  });

  it("confirms a received transfer once; another cooperative cannot", async () => {
    const tea = sub(shop.teaCoop);
    expect(await confirmTransferReceived(t.db, { subOrderId: tea.id, organisationId: shop.riceCoop, actorUserId: null }, now)).toEqual({ ok: false, reason: "not_found" });
    expect(await confirmTransferReceived(t.db, { subOrderId: tea.id, organisationId: shop.teaCoop, actorUserId: null, reference: "FT2633012345" }, now)).toEqual({ ok: true });
    const [row] = await t.db.select().from(subOrders).where(eq(subOrders.id, tea.id));
    expect(row).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    const [payment] = await t.db.select().from(payments).where(eq(payments.subOrderId, tea.id));
    expect(payment).toMatchObject({ status: "succeeded", reference: "FT2633012345", confirmedAt: now });
    const events = await t.db.select({ status: orderEvents.status }).from(orderEvents).where(eq(orderEvents.subOrderId, tea.id));
    expect(events.map((e) => e.status).sort()).toEqual(["confirmed", "paid", "pending"]);
    expect(await confirmTransferReceived(t.db, { subOrderId: tea.id, organisationId: shop.teaCoop, actorUserId: null }, now)).toEqual({ ok: false, reason: "already_paid" });
  });

  it("refuses a cancelled sub-order", async () => {
    const o = await createOrder(t.db, {
      method: "bank_transfer",
      now,
      lines: [{ productId: shop.rice.productId, quantity: 1 }],
    });
    await t.db.update(subOrders).set({ status: "cancelled" }).where(eq(subOrders.id, o.subOrders[0]!.id));
    expect(await confirmTransferReceived(t.db, { subOrderId: o.subOrders[0]!.id, organisationId: shop.riceCoop, actorUserId: null })).toEqual({ ok: false, reason: "cancelled" });
  });

  it("records a transfer refund without Stripe, never more than paid", async () => {
    const tea = sub(shop.teaCoop);
    const input = { subOrderId: tea.id, organisationId: shop.teaCoop, actorUserId: null, reason: "Thiếu hàng" };
    expect(await refundSubOrder(t.db, null, silentLogger, { ...input, amountVnd: 240_001 })).toEqual({ ok: false, reason: "too_much" });
    const refund = await refundSubOrder(t.db, null, silentLogger, { ...input, amountVnd: 240_000 });
    expect(refund.ok).toBe(true);
    const [row] = await t.db.select().from(refunds).where(eq(refunds.subOrderId, tea.id));
    expect(row).toMatchObject({ amountVnd: 240_000, stripeRefundId: null });
    expect((await t.db.select().from(subOrders).where(eq(subOrders.id, tea.id)))[0]).toMatchObject({ paymentStatus: "refunded", refundedVnd: 240_000 });
    // A pending (unconfirmed) transfer has nothing to refund.
    expect(await refundSubOrder(t.db, null, silentLogger, { ...input, subOrderId: sub(shop.riceCoop).id, organisationId: shop.riceCoop, amountVnd: 1 })).toEqual({ ok: false, reason: "not_paid" });
  });

  it("matches a bank feed by reference, account and exact amount, and a re-read changes nothing", async () => {
    const rice = sub(shop.riceCoop);
    const other = await createOrder(t.db, {
      method: "bank_transfer",
      now,
      lines: [{ productId: shop.rice.productId, quantity: 2 }],
    });
    const otherRef = other.subOrders[0]!.reference;
    const at = new Date("2026-11-25T04:00:00Z");
    const feed = memoryFeed([
      // The bank upper-cased the note and dropped the hyphens, and added its own words around it.
      { id: "TXN-1", accountNumber: "9876543210", amountVnd: 135_000, description: `MBVCB.123 ${rice.reference.replace(/-/g, " ").toLowerCase()} chuyen tien`, bookedAt: at },
      { id: "TXN-2", accountNumber: "9876543210", amountVnd: 89_000, description: otherRef, bookedAt: at },
      { id: "TXN-3", accountNumber: "1111111111", amountVnd: 90_000, description: otherRef, bookedAt: at },
      { id: "TXN-4", accountNumber: "9876543210", amountVnd: 50_000, description: "tien hang", bookedAt: at },
      { id: "TXN-5", accountNumber: "9876543210", amountVnd: 50_000, description: "DH-ZZZZZZZZ-1", bookedAt: at },
    ]);
    const first = await matchBankFeed(t.db, feed, new Date("2026-11-25T00:00:00Z"), at);
    expect(first.map((m) => [m.transactionId, m.outcome])).toEqual([
      ["TXN-1", "confirmed"],
      ["TXN-2", "wrong_amount"],
      ["TXN-3", "wrong_account"],
      ["TXN-4", "no_reference"],
      ["TXN-5", "unknown_reference"],
    ]);
    const [payment] = await t.db.select().from(payments).where(and(eq(payments.subOrderId, rice.id), eq(payments.provider, "vietqr")));
    expect(payment).toMatchObject({ status: "succeeded", reference: "TXN-1", confirmedBy: null });
    const again = await matchBankFeed(t.db, feed, new Date("2026-11-25T00:00:00Z"), at);
    expect(again[0]).toMatchObject({ transactionId: "TXN-1", outcome: "already_paid" });
    const [otherSub] = await t.db.select().from(subOrders).where(eq(subOrders.id, other.subOrders[0]!.id));
    expect(otherSub!.paymentStatus).toBe("unpaid");
  });
});
