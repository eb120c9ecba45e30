import { and, asc, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, batchStock, carts, orderEvents, orderLineAllocations, orderLines, orders, outboxMessages, paymentFlags, payments, refunds, stripeEvents, subOrders } from "#db/schema";
import { memoryLogger, silentLogger } from "~/lib/logger";
import { startStripeFake, type FakeEvent, type StripeFake } from "../../../tests/mocks/stripe-fake";
import { createTestDatabase, type TestDatabase } from "../../../tests/setup/db";
import { createOrder, createShop, TODAY, unitsAvailable, type Shop } from "../../../tests/setup/payment-fixtures";
import { addToCart } from "../cart.server";
import { listOrderPaymentFlags, listRecentPaymentFlags } from "../payment-checks.server";
import { checkOut } from "../checkout.server";
import { lapseExpiredReservations } from "../stock.server";
import { createCardPayments, startCardCheckout, type CardPayments } from "./card.server";
import { reconcileCardPayments } from "./reconcile.server";
import { refundSubOrder } from "./refund.server";
import { handleStripeWebhook } from "./webhook.server";

const base = "https://shop.test";

describe("card payments through Stripe Checkout (official SDK against the local fake)", () => {
  let t: TestDatabase;
  let fake: StripeFake;
  let card: CardPayments;
  let shop: Shop;
  const clock = new Date("2026-11-25T03:00:00Z");

  beforeAll(async () => {
    t = await createTestDatabase();
    fake = await startStripeFake({ now: () => clock });
    card = createCardPayments(fake.env)!;
    shop = await createShop(t.db, 30);
  });
  afterAll(async () => {
    await fake?.stop();
    await t?.dispose();
  });

  const deliver = (event: FakeEvent, signature = fake.sign(event.payload)) =>
    handleStripeWebhook(t.db, card, silentLogger, { payload: event.payload, signature }, clock);

  /** The buyer's confirmations queued for an order. */
  async function confirmationsOf(orderId: string): Promise<number> {
    const [row] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.kind, "order_confirmation"), sql`${outboxMessages.data}->>'orderId' = ${orderId}`));
    return Number(row?.n ?? 0);
  }

  async function cardOrder(quantity = 2) {
    return createOrder(t.db, {
      method: "card",
      now: clock,
      email: "khach@example.vn",
      lines: [
        { productId: shop.tea.productId, quantity },
        { productId: shop.rice.productId, quantity: 1 },
      ],
    });
  }

  async function restock(batchId: string, units: number) {
    await t.db
      .update(batchStock)
      .set({ unitsOnSale: sql`${batchStock.unitsOnSale} + ${units}`, unitsAvailable: sql`${batchStock.unitsAvailable} + ${units}` })
      .where(eq(batchStock.batchId, batchId));
  }

  async function snapshot(orderId: string) {
    const [order] = await t.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
    const subs = await t.db
      .select({ status: subOrders.status, paymentStatus: subOrders.paymentStatus, refundedVnd: subOrders.refundedVnd })
      .from(subOrders)
      .where(eq(subOrders.orderId, orderId))
      // Tea's sub-order first (it costs more); checkout numbers sub-orders by cooperative id, not by line.
      .orderBy(desc(subOrders.totalVnd));
    const pays = await t.db
      .select({ status: payments.status, amountVnd: payments.amountVnd, session: payments.stripeCheckoutSessionId })
      .from(payments)
      .where(eq(payments.orderId, orderId))
      .orderBy(asc(payments.createdAt));
    const [{ events } = { events: 0 }] = await t.db
      .select({ events: sql<number>`count(*)::int` })
      .from(orderEvents)
      .where(eq(orderEvents.orderId, orderId));
    return { order: order!.status, subs, pays, events: Number(events) };
  }

  it("opens a VND Checkout Session with one line per order line, expiring with the reservation", async () => {
    const order = await cardOrder();
    const started = await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    expect(started.ok).toBe(true);
    const session = [...fake.sessions.values()].at(-1)!;
    expect(started.ok && started.url).toBe(session.url);
    expect(session).toMatchObject({
      currency: "vnd",
      amount_total: 2 * 120_000 + 45_000,
      client_reference_id: order.orderId,
      metadata: { order_id: order.orderId, order_number: order.number },
      success_url: `${base}/orders/${order.number}?card=success`,
      cancel_url: `${base}/orders/${order.number}?card=cancelled`,
      customer_email: "khach@example.vn",
      locale: "vi",
    });
    expect(session.line_items_for_page).toEqual([
      { name: "Chè Tân Cương thử (gói)", quantity: 2, unit_amount: 120_000 },
      { name: "Gạo Bao Thai thử (gói)", quantity: 1, unit_amount: 45_000 },
    ]);
    const [row] = await t.db.select().from(orders).where(eq(orders.id, order.orderId));
    // Stripe needs ≥ 30 minutes; the order holds its stock exactly as long as the session lives.
    expect(session.expires_at).toBe(Math.floor(row!.reservedUntil!.getTime() / 1000));
    expect(session.expires_at - Math.floor(clock.getTime() / 1000)).toBe(35 * 60);
    const pays = await t.db.select().from(payments).where(eq(payments.orderId, order.orderId));
    expect(pays).toMatchObject([{ provider: "stripe", status: "pending", amountVnd: 285_000, stripeCheckoutSessionId: session.id, subOrderId: null }]);
  });

  it("is idempotent: starting again returns the same open session and records one payment", async () => {
    const order = await cardOrder(1);
    const sessionsBefore = fake.sessions.size;
    const first = await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "en" }, clock);
    const second = await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "en" }, clock);
    expect(first).toEqual(second);
    expect(fake.sessions.size).toBe(sessionsBefore + 1);
    expect(await t.db.select().from(payments).where(eq(payments.orderId, order.orderId))).toHaveLength(1);
  });

  it("replays the same Stripe request after a crash before the payment row was written (idempotency key)", async () => {
    const order = await cardOrder(1);
    await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    await t.db.delete(payments).where(eq(payments.orderId, order.orderId)); // as if the insert never happened
    const sessionsBefore = fake.sessions.size;
    const again = await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    expect(again.ok).toBe(true);
    expect(fake.sessions.size).toBe(sessionsBefore);
    expect(await t.db.select().from(payments).where(eq(payments.orderId, order.orderId))).toHaveLength(1);
  });

  it("refuses orders that are not awaiting a card payment, and says unavailable when Stripe refuses", async () => {
    const transfer = await createOrder(t.db, {
      method: "bank_transfer",
      now: clock,
      lines: [{ productId: shop.tea.productId, quantity: 1 }],
    });
    expect(await startCardCheckout(t.db, card, silentLogger, { orderId: transfer.orderId, baseUrl: base, locale: "vi" }, clock)).toEqual({ ok: false, reason: "unavailable" });
    const broken = createCardPayments({ ...fake.env, STRIPE_SECRET_KEY: "not-a-key" })!;
    const order = await cardOrder(1);
    expect(await startCardCheckout(t.db, broken, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock)).toEqual({ ok: false, reason: "unavailable" });
    expect(await t.db.select().from(payments).where(eq(payments.orderId, order.orderId))).toHaveLength(0);
  });

  it("checkout cancels a card order whose session cannot start: stock back, cart open, the failure logged", async () => {
    const broken = createCardPayments({ ...fake.env, STRIPE_SECRET_KEY: "not-a-key" })!;
    const logger = memoryLogger();
    const before = await unitsAvailable(t.db, shop.tea.batchId);
    const added = await addToCart(t.db, { guestCartId: null }, { productId: shop.tea.productId, quantity: 2, today: TODAY });
    if (!added.ok) throw new Error("not added");
    const form = { contactName: "Lan", phone: "0912345678", provinceCode: "01", communeName: "Phường Ba Đình", address: "12 Phố Huế", paymentMethod: "card" };
    const input = { cartId: added.cartId, userId: null, locale: "vi" as const, today: TODAY, now: clock, baseUrl: base };
    expect(await checkOut(t.db, broken, logger, { ...input, form: { ...form, phone: "12" } })).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { phone: "checkout.v.phoneInvalid" },
    });
    expect(await checkOut(t.db, broken, logger, { ...input, form })).toEqual({ ok: false, reason: "card_failed" });
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(before);
    expect(logger.records.map((r) => [r.level, r.msg])).toEqual([["error", "stripe checkout session not created"]]);
    const [cart] = await t.db.select({ status: carts.status }).from(carts).where(eq(carts.id, added.cartId));
    expect(cart!.status).toBe("open");
    const placed = await checkOut(t.db, card, logger, { ...input, form });
    expect(placed).toMatchObject({ ok: true, paymentMethod: "card", cardUrl: expect.stringContaining("http") });
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(before - 2);
  });

  it("marks the order placed on a verified checkout.session.completed and refuses a bad signature", async () => {
    const order = await cardOrder(1);
    await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    const session = [...fake.sessions.values()].at(-1)!;
    const event = await fake.pay(session.id);

    expect(await deliver(event, fake.sign(event.payload, undefined, "whsec_someone_else"))).toEqual({ status: 400, reason: "bad_signature" });
    expect(await deliver(event, "")).toEqual({ status: 400, reason: "bad_signature" });
    const tampered = { ...event, payload: event.payload.replace('"paid"', '"unpaid"') };
    expect(await deliver(tampered, fake.sign(event.payload))).toEqual({ status: 400, reason: "bad_signature" });
    // Older than Stripe's 300 s tolerance: a replayed capture is refused.
    expect(await deliver(event, fake.sign(event.payload, Math.floor(Date.now() / 1000) - 600))).toEqual({ status: 400, reason: "bad_signature" });
    expect((await snapshot(order.orderId)).order).toBe("awaiting_payment");
    // A card order is confirmed to the buyer once it is paid, not while it waits.
    expect(await confirmationsOf(order.orderId)).toBe(0);

    expect(await deliver(event)).toMatchObject({ status: 200, outcome: "placed" });
    expect(await confirmationsOf(order.orderId)).toBe(1);
    const after = await snapshot(order.orderId);
    expect(after.order).toBe("placed");
    expect(after.subs).toEqual([
      { status: "confirmed", paymentStatus: "paid", refundedVnd: 0 },
      { status: "confirmed", paymentStatus: "paid", refundedVnd: 0 },
    ]);
    expect(after.pays).toMatchObject([{ status: "succeeded" }]);
    const [payment] = await t.db.select().from(payments).where(eq(payments.orderId, order.orderId));
    expect(payment!.stripePaymentIntentId).toBe(fake.sessions.get(session.id)!.payment_intent);
    expect(await deliver(event)).toMatchObject({ status: 200, outcome: "duplicate" });
    expect(await snapshot(order.orderId)).toEqual(after);
    expect(await confirmationsOf(order.orderId)).toBe(1);
  });

  it("refuses a signature dated further ahead than the tolerance", async () => {
    const order = await cardOrder(1);
    await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    const event = await fake.pay([...fake.sessions.values()].at(-1)!.id);
    expect(await deliver(event, fake.sign(event.payload, Math.floor(Date.now() / 1000) + 600))).toEqual({ status: 400, reason: "bad_signature" });
    expect((await snapshot(order.orderId)).order).toBe("awaiting_payment");
    // A little skew stays accepted.
    expect(await deliver(event, fake.sign(event.payload, Math.floor(Date.now() / 1000) + 60))).toMatchObject({ status: 200, outcome: "placed" });
  });

  describe("a payment that does not match what the app asked for", () => {
    async function flagsOf(orderId: string) {
      return t.db
        .select({ reason: paymentFlags.reason, expected: paymentFlags.expectedAmountVnd, amount: paymentFlags.reportedAmount, currency: paymentFlags.reportedCurrency })
        .from(paymentFlags)
        .where(eq(paymentFlags.orderId, orderId))
        .orderBy(asc(paymentFlags.createdAt), asc(paymentFlags.reason));
    }

    it("a session the app never created, paying 1 USD, is flagged and leaves the order unpaid", async () => {
      const order = await cardOrder(1);
      await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
      const before = await snapshot(order.orderId);
      const foreign = await fake.forgeCompleted({ amount_total: 100, currency: "usd", metadata: { order_id: order.orderId }, client_reference_id: order.orderId });
      expect(await deliver(foreign)).toMatchObject({ status: 200, outcome: "flagged" });
      // Right currency and amount, still not a session the app created for the order.
      const lookalike = await fake.forgeCompleted({ amount_total: 165_000, currency: "vnd", metadata: { order_id: order.orderId } });
      expect(await deliver(lookalike)).toMatchObject({ status: 200, outcome: "flagged" });
      const after = await snapshot(order.orderId);
      expect({ ...after, events: 0 }).toEqual({ ...before, events: 0 });
      expect(after.order).toBe("awaiting_payment");
      expect(await flagsOf(order.orderId)).toEqual([
        { reason: "unknown_session", expected: 165_000, amount: 100, currency: "usd" },
        { reason: "unknown_session", expected: 165_000, amount: 165_000, currency: "vnd" },
      ]);
      // Each cooperative of the order gets an audit entry; the order's history says so.
      const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "payment_flag"), eq(auditEvents.action, "flag")));
      expect(audits.filter((a) => (a.changes.after as { orderId?: string } | null)?.orderId === order.orderId).map((a) => a.organisationId).sort()).toEqual(
        [shop.teaCoop, shop.teaCoop, shop.riceCoop, shop.riceCoop].sort(),
      );
      const flagged = await t.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.orderId), eq(orderEvents.status, "payment_flagged")));
      expect(flagged).toHaveLength(2);
      // Shown to the order's cooperatives (not to others) and to the department.
      const shown = (await listOrderPaymentFlags(t.db, shop.teaCoop, order.orderId)).map((f) => [f.reason, f.orderNumber, f.reportedCurrency]);
      expect(shown.sort()).toEqual([
        ["unknown_session", order.number, "usd"],
        ["unknown_session", order.number, "vnd"],
      ]);
      expect(await listOrderPaymentFlags(t.db, shop.honeyCoop, order.orderId)).toEqual([]);
      expect((await listRecentPaymentFlags(t.db)).filter((f) => f.orderNumber === order.number)).toHaveLength(2);
      // Redelivered: recorded once.
      await t.db.delete(stripeEvents).where(eq(stripeEvents.eventId, foreign.id));
      expect(await deliver(foreign)).toMatchObject({ outcome: "unchanged" });
      expect(await flagsOf(order.orderId)).toHaveLength(2);
    });

    it("the real session with amount_total or currency changed is flagged; the real event still pays", async () => {
      const order = await cardOrder(1);
      await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
      const session = fake.sessions.get([...fake.sessions.values()].at(-1)!.id)!;
      const { line_items_for_page: _lines, ...real } = session;
      const paid = { status: "complete" as const, payment_status: "paid" as const };
      const cheaper = await fake.forgeCompleted({ ...real, ...paid, amount_total: 1_000 });
      expect(await deliver(cheaper)).toMatchObject({ status: 200, outcome: "flagged" });
      const dollars = await fake.forgeCompleted({ ...real, ...paid, currency: "usd" });
      // Refused as well; the session is flagged for its amount once.
      expect(await deliver(dollars)).toMatchObject({ status: 200, outcome: "unchanged" });
      expect(await snapshot(order.orderId)).toMatchObject({ order: "awaiting_payment", pays: [{ status: "pending" }] });
      expect(await flagsOf(order.orderId)).toEqual([{ reason: "amount_mismatch", expected: 165_000, amount: 1_000, currency: "vnd" }]);
      // The reconciliation applies what Stripe holds (the real session, unpaid): nothing moves.
      await reconcileCardPayments(t.db, card, silentLogger, clock);
      expect((await snapshot(order.orderId)).order).toBe("awaiting_payment");
      expect(await deliver(await fake.pay(session.id))).toMatchObject({ status: 200, outcome: "placed" });
      expect(await snapshot(order.orderId)).toMatchObject({ order: "placed", pays: [{ status: "succeeded" }] });
    });

    it("an expired session the app never created does not lapse the order", async () => {
      const order = await cardOrder(1);
      await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
      const foreign = await fake.forgeCompleted({ amount_total: 165_000, currency: "vnd", metadata: { order_id: order.orderId }, status: "expired", payment_status: "unpaid" });
      const payload = foreign.payload.replace('"checkout.session.completed"', '"checkout.session.expired"');
      expect(await deliver({ ...foreign, payload })).toMatchObject({ status: 200, outcome: "not_ours" });
      expect(await snapshot(order.orderId)).toMatchObject({ order: "awaiting_payment", pays: [{ status: "pending" }] });
    });
  });

  it("replaying every webhook three times in shuffled order leaves the same orders and payments", async () => {
    const made = [];
    for (let i = 0; i < 4; i++) {
      const order = await cardOrder(1);
      await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
      made.push({ order, session: [...fake.sessions.values()].at(-1)! });
    }
    const events: FakeEvent[] = [];
    events.push(await fake.pay(made[0]!.session.id));
    events.push(await fake.pay(made[1]!.session.id));
    events.push(await fake.expire(made[2]!.session.id));
    events.push(await fake.pay(made[3]!.session.id));
    // A reference run: each event once, in order.
    for (const e of events) expect((await deliver(e)).status).toBe(200);
    const expected = await Promise.all(made.map((m) => snapshot(m.order.orderId)));
    expect(expected.map((s) => s.order)).toEqual(["placed", "placed", "lapsed", "placed"]);
    const stock = { tea: await unitsAvailable(t.db, shop.tea.batchId), rice: await unitsAvailable(t.db, shop.rice.batchId) };

    // Forget that they were seen (a new server with a lost event log), then replay 3× shuffled.
    await t.db.delete(stripeEvents);
    const replay = [...events, ...events, ...events];
    for (let i = replay.length - 1; i > 0; i--) {
      const j = (i * 7 + 3) % (i + 1);
      [replay[i], replay[j]] = [replay[j]!, replay[i]!];
    }
    for (const e of replay) expect((await deliver(e)).status).toBe(200);
    expect(await Promise.all(made.map((m) => snapshot(m.order.orderId)))).toEqual(expected);
    expect({ tea: await unitsAvailable(t.db, shop.tea.batchId), rice: await unitsAvailable(t.db, shop.rice.batchId) }).toEqual(stock);
    const [{ n } = { n: 0 }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(stripeEvents);
    expect(Number(n)).toBe(events.length);
  });

  it("heals a crash between payment and order update by reconciliation (no webhook at all)", async () => {
    const order = await cardOrder(1);
    await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    const session = [...fake.sessions.values()].at(-1)!;
    await fake.pay(session.id); // paid at Stripe; the webhook is lost
    // And a session whose payment row was never written (crash right after Stripe created it).
    const lost = await cardOrder(1);
    await startCardCheckout(t.db, card, silentLogger, { orderId: lost.orderId, baseUrl: base, locale: "vi" }, clock);
    const lostSession = [...fake.sessions.values()].at(-1)!;
    await t.db.delete(payments).where(eq(payments.orderId, lost.orderId));
    await fake.pay(lostSession.id);

    const report = await reconcileCardPayments(t.db, card, silentLogger, clock);
    expect(report.changed.placed).toBe(2);
    expect((await snapshot(order.orderId)).order).toBe("placed");
    expect(await snapshot(lost.orderId)).toMatchObject({ order: "placed", pays: [{ status: "succeeded", session: lostSession.id }] });
    // Running it again changes nothing.
    expect((await reconcileCardPayments(t.db, card, silentLogger, clock)).changed).toEqual({});
  });

  it("re-reserves the stock of a lapsed order when a late payment arrives and the stock is still there", async () => {
    // Earlier tests' unpaid orders lapse first, so only this order's units move below.
    await lapseExpiredReservations(t.db, new Date(clock.getTime() + 36 * 60_000));
    const order = await cardOrder(2);
    await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    const session = [...fake.sessions.values()].at(-1)!;
    const teaBefore = await unitsAvailable(t.db, shop.tea.batchId);
    expect(await lapseExpiredReservations(t.db, new Date(clock.getTime() + 36 * 60_000))).toBeGreaterThanOrEqual(1);
    expect((await snapshot(order.orderId)).order).toBe("lapsed");
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(teaBefore + 2);

    const result = await deliver(await fake.pay(session.id));
    expect(result).toMatchObject({ status: 200, outcome: "re_reserved" });
    const after = await snapshot(order.orderId);
    expect(after.order).toBe("placed");
    expect(after.subs.map((s) => [s.status, s.paymentStatus])).toEqual([
      ["confirmed", "paid"],
      ["confirmed", "paid"],
    ]);
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(teaBefore);
    const allocations = await t.db
      .select({ quantity: orderLineAllocations.quantity, releasedAt: orderLineAllocations.releasedAt })
      .from(orderLineAllocations)
      .innerJoin(orderLines, eq(orderLines.id, orderLineAllocations.orderLineId))
      .innerJoin(subOrders, eq(subOrders.id, orderLines.subOrderId))
      .where(eq(subOrders.orderId, order.orderId));
    expect(allocations.every((a) => a.releasedAt === null)).toBe(true);
    expect(allocations.reduce((s, a) => s + a.quantity, 0)).toBe(3);
  });

  it("refunds a late payment in full and cancels the order when its stock is gone", async () => {
    const order = await cardOrder(1);
    await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    const session = [...fake.sessions.values()].at(-1)!;
    await lapseExpiredReservations(t.db, new Date(clock.getTime() + 36 * 60_000));
    // Someone else buys every remaining unit of tea meanwhile.
    const left = await unitsAvailable(t.db, shop.tea.batchId);
    await createOrder(t.db, {
      // By transfer: an unpaid card or cash checkout may not hold this many units at once.
      method: "bank_transfer",
      now: clock,
      lines: [{ productId: shop.tea.productId, quantity: left }],
    });
    const riceBefore = await unitsAvailable(t.db, shop.rice.batchId);

    const event = await fake.pay(session.id);
    expect(await deliver(event)).toMatchObject({ status: 200, outcome: "refunded_late" });
    const after = await snapshot(order.orderId);
    expect(after.order).toBe("cancelled");
    expect(after.subs).toEqual([
      { status: "cancelled", paymentStatus: "refunded", refundedVnd: 120_000 },
      { status: "cancelled", paymentStatus: "refunded", refundedVnd: 45_000 },
    ]);
    const pi = fake.sessions.get(session.id)!.payment_intent;
    const stripeRefunds = [...fake.refunds.values()].filter((r) => r.payment_intent === pi);
    expect(stripeRefunds.map((r) => r.amount).sort()).toEqual([120_000, 45_000].sort());
    // Nothing half-taken: the rice that was available is still available.
    expect(await unitsAvailable(t.db, shop.rice.batchId)).toBe(riceBefore);
    // Redelivered after the event log was lost: still one refund per sub-order.
    await t.db.delete(stripeEvents).where(eq(stripeEvents.eventId, event.id));
    await deliver(event);
    expect([...fake.refunds.values()].filter((r) => r.payment_intent === pi)).toHaveLength(2);
    expect(await snapshot(order.orderId)).toEqual({ ...after, events: after.events });
    await restock(shop.tea.batchId, 30);
  });

  it("an expired session lapses its order and gives the stock back once", async () => {
    const order = await cardOrder(3);
    await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
    const session = [...fake.sessions.values()].at(-1)!;
    const before = await unitsAvailable(t.db, shop.tea.batchId);
    const event = await fake.expire(session.id);
    expect(await deliver(event)).toMatchObject({ outcome: "expired" });
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(before + 3);
    await t.db.delete(stripeEvents).where(eq(stripeEvents.eventId, event.id));
    expect(await deliver(event)).toMatchObject({ outcome: "unchanged" });
    expect(await unitsAvailable(t.db, shop.tea.batchId)).toBe(before + 3);
    expect(await snapshot(order.orderId)).toMatchObject({ order: "lapsed", pays: [{ status: "expired" }] });
  });

  describe("refunds", () => {
    async function paidCardOrder() {
      const order = await cardOrder(2);
      await startCardCheckout(t.db, card, silentLogger, { orderId: order.orderId, baseUrl: base, locale: "vi" }, clock);
      const session = [...fake.sessions.values()].at(-1)!;
      await deliver(await fake.pay(session.id));
      return { order, pi: fake.sessions.get(session.id)!.payment_intent! };
    }
    const teaSub = (o: { subOrders: { organisationId: string; id: string }[] }) => o.subOrders.find((s) => s.organisationId === shop.teaCoop)!.id;

    it("refunds part, then the rest through Stripe, then refuses more", async () => {
      const { order, pi } = await paidCardOrder();
      const subOrderId = teaSub(order);
      const input = { subOrderId, organisationId: shop.teaCoop, actorUserId: null, reason: "Khách đổi ý" };
      const partial = await refundSubOrder(t.db, card, silentLogger, { ...input, amountVnd: 100_000 }, clock);
      expect(partial.ok).toBe(true);
      let [sub] = await t.db.select().from(subOrders).where(eq(subOrders.id, subOrderId));
      expect(sub).toMatchObject({ refundedVnd: 100_000, paymentStatus: "paid" });
      expect(await refundSubOrder(t.db, card, silentLogger, { ...input, amountVnd: 140_001 }, clock)).toEqual({ ok: false, reason: "too_much" });
      expect((await refundSubOrder(t.db, card, silentLogger, { ...input, amountVnd: 140_000 }, clock)).ok).toBe(true);
      [sub] = await t.db.select().from(subOrders).where(eq(subOrders.id, subOrderId));
      expect(sub).toMatchObject({ refundedVnd: 240_000, paymentStatus: "refunded" });
      expect(await refundSubOrder(t.db, card, silentLogger, { ...input, amountVnd: 1 }, clock)).toEqual({ ok: false, reason: "too_much" });
      expect([...fake.refunds.values()].filter((r) => r.payment_intent === pi).map((r) => r.amount)).toEqual([100_000, 140_000]);
      const rows = await t.db.select().from(refunds).where(eq(refunds.subOrderId, subOrderId));
      expect(rows.map((r) => r.amountVnd)).toEqual([100_000, 140_000]);
      expect(rows.every((r) => r.stripeRefundId?.startsWith("re_"))).toBe(true);
      const events = await t.db.select().from(orderEvents).where(and(eq(orderEvents.subOrderId, subOrderId), eq(orderEvents.status, "refunded")));
      expect(events).toHaveLength(2);
      const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, subOrderId), eq(auditEvents.action, "refund")));
      expect(audits).toHaveLength(2);
    });

    it("refuses another cooperative, unpaid orders, bad amounts, and says unavailable without Stripe", async () => {
      const { order } = await paidCardOrder();
      const subOrderId = teaSub(order);
      const input = { subOrderId, organisationId: shop.teaCoop, actorUserId: null, reason: "x", amountVnd: 1000 };
      expect(await refundSubOrder(t.db, card, silentLogger, { ...input, organisationId: shop.riceCoop })).toEqual({ ok: false, reason: "not_found" });
      expect(await refundSubOrder(t.db, null, silentLogger, input)).toEqual({ ok: false, reason: "unavailable" });
      await expect(refundSubOrder(t.db, card, silentLogger, { ...input, amountVnd: 0 })).rejects.toThrow(RangeError);
      await expect(refundSubOrder(t.db, card, silentLogger, { ...input, amountVnd: 10.5 })).rejects.toThrow(RangeError);
      const unpaid = await cardOrder(1);
      expect(await refundSubOrder(t.db, card, silentLogger, { ...input, subOrderId: teaSub(unpaid) })).toEqual({ ok: false, reason: "not_paid" });
      const [sub] = await t.db.select().from(subOrders).where(eq(subOrders.id, subOrderId));
      expect(sub!.refundedVnd).toBe(0);
    });
  });
});
