import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "#db/client.server";
import {
  batchStock,
  carts,
  communes,
  listings,
  orderEvents,
  orderLineAllocations,
  orderLines,
  orders,
  payments,
  products,
  subOrders,
  users,
} from "#db/schema";
import { fieldErrors } from "~/lib/field-errors";
import { translate } from "~/lib/i18n";
import { silentLogger } from "~/lib/logger";
import { checkoutForm, createCart, createCooperative, createListedProduct } from "../../tests/setup/checkout-fixtures";
import { createTestDatabase, isPostgresServer, type TestDatabase } from "../../tests/setup/db";
import { checkoutSchema, type CheckoutForm } from "./checkout-schema";
import { cancelCardOrder, listDeliveryPlaces, placeOrder, UNPAID_HOLD_MAX_UNITS, type PlaceOrderInput, type PlaceOrderResult } from "./checkout.server";
import { moveSubOrder } from "./fulfilment.server";
import type * as OrderNumbers from "./order-number";
import { CARD_RESERVATION_MINUTES, lapseExpiredReservations } from "./stock.server";

// Order numbers are drawn at random; a test can queue the ones to draw first (to make two orders collide).
const drawn = vi.hoisted(() => ({ queue: [] as string[] }));
vi.mock("./order-number", async (importOriginal) => {
  const real = await importOriginal<typeof OrderNumbers>();
  return { ...real, newOrderNumber: () => drawn.queue.shift() ?? real.newOrderNumber() };
});

const TODAY = "2026-11-25";
const NOW = new Date("2026-11-25T03:00:00Z");

let t: TestDatabase;
let teaCoop: string;
let riceCoop: string;

beforeAll(async () => {
  t = await createTestDatabase();
  teaCoop = await createCooperative(t.db, "HTX Chè Tân Cương thử");
  riceCoop = await createCooperative(t.db, "HTX Gạo Bao Thai thử");
});
afterAll(async () => {
  await t?.dispose();
});

function order(cartId: string, overrides: Partial<PlaceOrderInput> = {}): Promise<PlaceOrderResult> {
  return placeOrder(t.db, { cartId, userId: null, form: checkoutForm(), cardAvailable: true, locale: "vi", today: TODAY, now: NOW, ...overrides });
}

function placed(result: PlaceOrderResult): Extract<PlaceOrderResult, { ok: true }> {
  if (!result.ok) throw new Error(`order refused: ${JSON.stringify(result)}`);
  return result;
}

async function stockOf(batchIds: string[]): Promise<number[]> {
  const rows = await t.db.select({ batchId: batchStock.batchId, units: batchStock.unitsAvailable }).from(batchStock).where(inArray(batchStock.batchId, batchIds));
  const byId = new Map(rows.map((r) => [r.batchId, r.units]));
  return batchIds.map((id) => byId.get(id)!);
}

/** Allocations still holding stock, per batch, for one product. */
async function heldByBatch(productId: string): Promise<Map<string, number>> {
  const rows = await t.db
    .select({ batchId: orderLineAllocations.batchId, units: sql<string>`sum(${orderLineAllocations.quantity})` })
    .from(orderLineAllocations)
    .innerJoin(orderLines, eq(orderLines.id, orderLineAllocations.orderLineId))
    .where(and(eq(orderLines.productId, productId), sql`${orderLineAllocations.releasedAt} is null`))
    .groupBy(orderLineAllocations.batchId);
  return new Map(rows.map((r) => [r.batchId, Number(r.units)]));
}

/** Every batch of the product: on sale = available + held by orders, and never below zero. */
async function expectStockAddsUp(productId: string): Promise<void> {
  const held = await heldByBatch(productId);
  const rows = await t.db.select().from(batchStock).where(eq(batchStock.productId, productId));
  for (const row of rows) {
    expect(row.unitsAvailable).toBeGreaterThanOrEqual(0);
    expect(row.unitsAvailable + (held.get(row.batchId) ?? 0)).toBe(row.unitsOnSale);
  }
}

async function countRows(): Promise<Record<string, number>> {
  const count = async (table: typeof orders | typeof subOrders | typeof orderLines | typeof orderLineAllocations | typeof payments | typeof orderEvents) =>
    Number((await t.db.select({ n: sql<string>`count(*)` }).from(table))[0]!.n);
  return {
    orders: await count(orders),
    subOrders: await count(subOrders),
    orderLines: await count(orderLines),
    allocations: await count(orderLineAllocations),
    payments: await count(payments),
    events: await count(orderEvents),
  };
}

/** Rows added per table since `before`. */
function added(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([table, n]) => [table, n - (before[table] ?? 0)]));
}

async function cartStatus(cartId: string): Promise<string | undefined> {
  return (await t.db.select({ status: carts.status }).from(carts).where(eq(carts.id, cartId)))[0]?.status;
}

describe("placing an order", () => {
  it("splits it into one sub-order per cooperative, with integer VND totals from the database", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 20 }] });
    const honey = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 250_000, batches: [{ units: 5 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 60_000, batches: [{ units: 30 }] });
    const cartId = await createCart(t.db, [
      { productId: tea.productId, quantity: 2 },
      { productId: honey.productId, quantity: 1 },
      { productId: rice.productId, quantity: 3 },
    ]);

    const result = placed(await order(cartId, { form: checkoutForm({ paymentMethod: "bank_transfer", note: "Giao giờ hành chính" }) }));
    expect(result).toMatchObject({ paymentMethod: "bank_transfer", totalVnd: 2 * 85_000 + 250_000 + 3 * 60_000 });
    expect(result.number).toMatch(/^DH-[0-9A-HJKMNP-TV-Z]{8}$/);

    const [row] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(row).toMatchObject({
      status: "placed",
      subtotalVnd: 600_000,
      shippingVnd: 0,
      totalVnd: 600_000,
      cartId,
      deliveryProvinceCode: "01",
      deliveryCommuneName: "Phường Ba Đình",
      deliveryNote: "Giao giờ hành chính",
      reservedUntil: null,
    });
    expect(Number.isInteger(row!.totalVnd)).toBe(true);

    const subs = await t.db.select().from(subOrders).where(eq(subOrders.orderId, result.orderId)).orderBy(asc(subOrders.reference));
    expect(subs).toHaveLength(2);
    const byCoop = new Map(subs.map((s) => [s.organisationId, s]));
    expect(byCoop.get(teaCoop)).toMatchObject({ status: "pending", paymentStatus: "unpaid", subtotalVnd: 420_000, totalVnd: 420_000 });
    expect(byCoop.get(riceCoop)).toMatchObject({ status: "pending", paymentStatus: "unpaid", subtotalVnd: 180_000, totalVnd: 180_000 });
    expect(subs.map((s) => s.reference)).toEqual([`${result.number}-1`, `${result.number}-2`]);
    expect(subs.reduce((sum, s) => sum + s.totalVnd, 0)).toBe(row!.totalVnd);

    const lines = await t.db.select().from(orderLines).where(inArray(orderLines.subOrderId, subs.map((s) => s.id)));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.subOrderId).toBe(byCoop.get(line.organisationId)!.id);
      expect(line.lineTotalVnd).toBe(line.unitPriceVnd * line.quantity);
    }
    expect(lines.find((l) => l.productId === honey.productId)).toMatchObject({ organisationId: teaCoop, unitPriceVnd: 250_000, quantity: 1, unitVi: "gói 200 g" });

    // A VietQR payment expected per sub-order, for exactly its amount, with its reference as the note.
    const pays = await t.db.select().from(payments).where(eq(payments.orderId, result.orderId));
    expect(pays.map((p) => [p.subOrderId, p.provider, p.status, p.amountVnd, p.reference]).sort()).toEqual(
      subs.map((s) => [s.id, "vietqr", "pending", s.totalVnd, s.reference]).sort(),
    );
    const events = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, result.orderId));
    expect(events.map((e) => e.status).sort()).toEqual(["pending", "pending", "placed"]);

    expect(await cartStatus(cartId)).toBe("ordered");
    expect(await stockOf([tea.batchIds[0]!, honey.batchIds[0]!, rice.batchIds[0]!])).toEqual([18, 4, 27]);
    for (const p of [tea, honey, rice]) await expectStockAddsUp(p.productId);
  });

  it("takes prices from the listing, whatever the form or the product record say", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 120_000, batches: [{ units: 10 }] });
    const cartId = await createCart(t.db, [{ productId: tea.productId, quantity: 2 }]);
    // The cooperative changed its price after the item went into the cart; the product's own list price is stale.
    await t.db.update(listings).set({ priceVnd: 135_000 }).where(eq(listings.productId, tea.productId));
    await t.db.update(products).set({ priceVnd: 1 }).where(eq(products.id, tea.productId));

    // A tampered form: prices and totals smuggled in as fields are dropped by the schema...
    const raw = {
      ...Object.fromEntries(Object.entries(checkoutForm()).filter(([, v]) => v !== undefined)),
      priceVnd: "1",
      unitPriceVnd: "1",
      totalVnd: "1",
      subtotalVnd: "1",
      [`lines[${tea.productId}].price`]: "1",
    };
    const parsed = checkoutSchema.parse(raw);
    expect(Object.keys(parsed).some((k) => /price|total/i.test(k))).toBe(false);
    // ...and even handed to the domain directly they change nothing.
    const form = { ...parsed, totalVnd: 1, priceVnd: 1 } as unknown as CheckoutForm;
    const result = placed(await order(cartId, { form }));

    expect(result.totalVnd).toBe(270_000);
    const [row] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(row).toMatchObject({ subtotalVnd: 270_000, totalVnd: 270_000 });
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.productId, tea.productId));
    expect(line).toMatchObject({ unitPriceVnd: 135_000, quantity: 2, lineTotalVnd: 270_000 });
    const [pay] = await t.db.select().from(payments).where(eq(payments.orderId, result.orderId));
    expect(pay).toMatchObject({ provider: "cash", status: "pending", amountVnd: 270_000 });
  });

  it("allocates each line to batches first-expiring-first and records the batches per line", async () => {
    const product = await createListedProduct(t.db, {
      organisationId: riceCoop,
      priceVnd: 50_000,
      batches: [
        { units: 3, expiresOn: "2027-03-01" }, // 0: third
        { units: 2, expiresOn: "2026-12-31" }, // 1: first
        { units: 10 }, // 2: no date, last
        { units: 2, bestBefore: "2027-01-15" }, // 3: second (best-before counts when there is no expiry)
        { units: 5, expiresOn: "2026-11-01" }, // 4: expired, never sold
        { units: 5, expiresOn: "2026-12-01", status: "recalled" }, // 5: recalled, never sold
        { units: 4, expiresOn: "2027-03-01", producedOn: "2026-09-01" }, // 6: same expiry as 0 but older: before 0
      ],
    });
    const b = product.batchIds;

    const first = placed(await order(await createCart(t.db, [{ productId: product.productId, quantity: 10 }])));
    const allocations = async (orderId: string) =>
      (
        await t.db
          .select({ batchId: orderLineAllocations.batchId, quantity: orderLineAllocations.quantity, orderLineId: orderLineAllocations.orderLineId })
          .from(orderLineAllocations)
          .innerJoin(orderLines, eq(orderLines.id, orderLineAllocations.orderLineId))
          .innerJoin(subOrders, eq(subOrders.id, orderLines.subOrderId))
          .where(eq(subOrders.orderId, orderId))
      ).map((a) => [b.indexOf(a.batchId), a.quantity, a.orderLineId] as const);

    const firstAllocations = await allocations(first.orderId);
    expect(firstAllocations.map(([i, q]) => [i, q]).sort()).toEqual([
      [1, 2],
      [3, 2],
      [6, 4],
      [0, 2],
    ].sort());
    const [firstLine] = await t.db
      .select({ id: orderLines.id })
      .from(orderLines)
      .innerJoin(subOrders, eq(subOrders.id, orderLines.subOrderId))
      .where(eq(subOrders.orderId, first.orderId));
    expect(new Set(firstAllocations.map(([, , lineId]) => lineId))).toEqual(new Set([firstLine!.id]));
    expect(await stockOf(b)).toEqual([1, 0, 10, 0, 5, 5, 0]);

    const second = placed(await order(await createCart(t.db, [{ productId: product.productId, quantity: 4 }])));
    expect((await allocations(second.orderId)).map(([i, q]) => [i, q]).sort()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(await stockOf(b)).toEqual([0, 0, 7, 0, 5, 5, 0]);
    await expectStockAddsUp(product.productId);
  });
});

describe("order numbers", () => {
  it("draws again when the number is taken, rolling back the first try whole; gives up after eight draws, writing nothing", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 40_000, batches: [{ units: 10 }] });
    const first = placed(await order(await createCart(t.db, [{ productId: tea.productId, quantity: 1 }])));
    const before = await countRows();

    drawn.queue.push(first.number);
    const cartId = await createCart(t.db, [{ productId: tea.productId, quantity: 2 }]);
    const second = placed(await order(cartId));
    expect(drawn.queue).toEqual([]);
    expect(second.number).not.toBe(first.number);
    const oneOrder = { orders: 1, subOrders: 1, orderLines: 1, allocations: 1, payments: 1, events: 2 };
    expect(added(await countRows(), before)).toEqual(oneOrder);
    expect(await stockOf(tea.batchIds)).toEqual([7]);

    drawn.queue.push(...Array.from({ length: 8 }, () => first.number));
    const unlucky = await createCart(t.db, [{ productId: tea.productId, quantity: 1 }]);
    await expect(order(unlucky)).rejects.toThrow();
    drawn.queue.length = 0;
    expect(added(await countRows(), before)).toEqual(oneOrder);
    expect(await stockOf(tea.batchIds)).toEqual([7]);
    expect(await cartStatus(unlucky)).toBe("open");
    await expectStockAddsUp(tea.productId);
  });
});

describe("refusing an order", () => {
  it("refuses a line short of stock with what is left, and writes nothing at all", async () => {
    const plenty = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 40_000, batches: [{ units: 50 }] });
    const scarce = await createListedProduct(t.db, {
      organisationId: riceCoop,
      priceVnd: 70_000,
      name: "Gạo Bao Thai túi 5 kg",
      batches: [{ units: 2, expiresOn: "2027-01-01" }, { units: 1 }],
    });
    const cartId = await createCart(t.db, [
      { productId: plenty.productId, quantity: 3 },
      { productId: scarce.productId, quantity: 5 },
    ]);
    const before = await countRows();

    const result = await order(cartId);
    expect(result).toEqual({
      ok: false,
      reason: "insufficient_stock",
      shortages: [{ productId: scarce.productId, nameVi: "Gạo Bao Thai túi 5 kg", nameEn: expect.any(String), requested: 5, available: 3 }],
    });
    // The message the checkout page shows for it.
    if (!result.ok && result.reason === "insufficient_stock") {
      const s = result.shortages[0]!;
      expect(translate("vi", "checkout.error.short", { name: s.nameVi, requested: s.requested, available: s.available })).toBe(
        "Gạo Bao Thai túi 5 kg: bạn đặt 5, chỉ còn 3.",
      );
    }
    expect(await countRows()).toEqual(before);
    expect(await stockOf([...plenty.batchIds, ...scarce.batchIds])).toEqual([50, 2, 1]);
    // The cart stays open, so the consumer can lower the quantity and try again.
    expect(await cartStatus(cartId)).toBe("open");
    await t.db.execute(sql`update cart_items set quantity = 3 where cart_id = ${cartId} and product_id = ${scarce.productId}`);
    placed(await order(cartId));
    expect(await stockOf([...plenty.batchIds, ...scarce.batchIds])).toEqual([47, 0, 0]);
  });

  it("caps the units an unpaid card or cash-on-delivery checkout may hold; a transfer order is not capped", async () => {
    const plenty = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 30_000, batches: [{ units: 40 }] });
    const over = UNPAID_HOLD_MAX_UNITS + 1;
    let left = 40;
    for (const paymentMethod of ["card", "cash_on_delivery"] as const) {
      const cartId = await createCart(t.db, [{ productId: plenty.productId, quantity: over }]);
      expect(await order(cartId, { form: checkoutForm({ paymentMethod }) })).toMatchObject({
        ok: false,
        reason: "insufficient_stock",
        shortages: [{ productId: plenty.productId, requested: over, available: UNPAID_HOLD_MAX_UNITS }],
      });
      expect(await cartStatus(cartId)).toBe("open");
      expect(await stockOf(plenty.batchIds)).toEqual([left]);
      await t.db.execute(sql`update cart_items set quantity = ${UNPAID_HOLD_MAX_UNITS} where cart_id = ${cartId}`);
      placed(await order(cartId, { form: checkoutForm({ paymentMethod }) }));
      left -= UNPAID_HOLD_MAX_UNITS;
    }
    expect(await stockOf(plenty.batchIds)).toEqual([40 - 2 * UNPAID_HOLD_MAX_UNITS]);
    const transfer = await createCart(t.db, [{ productId: plenty.productId, quantity: over }]);
    placed(await order(transfer, { form: checkoutForm({ paymentMethod: "bank_transfer" }) }));
  });

  it("holds a line to the listing's most-per-order", async () => {
    const limited = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 90_000, maxPerOrder: 2, batches: [{ units: 10 }] });
    const cartId = await createCart(t.db, [{ productId: limited.productId, quantity: 3 }]);
    expect(await order(cartId)).toMatchObject({ ok: false, reason: "insufficient_stock", shortages: [{ productId: limited.productId, requested: 3, available: 2 }] });
    expect(await stockOf(limited.batchIds)).toEqual([10]);
  });

  it("refuses items no longer on sale, naming them", async () => {
    const paused = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 90_000, batches: [{ units: 10 }] });
    const fine = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 90_000, batches: [{ units: 10 }] });
    await t.db.update(listings).set({ status: "paused" }).where(eq(listings.productId, paused.productId));
    const cartId = await createCart(t.db, [
      { productId: paused.productId, quantity: 1 },
      { productId: fine.productId, quantity: 1 },
    ]);
    const before = await countRows();
    expect(await order(cartId)).toMatchObject({ ok: false, reason: "unavailable", products: [{ productId: paused.productId }] });
    expect(await countRows()).toEqual(before);
    expect(await cartStatus(cartId)).toBe("open");
  });

  it("offers no bank transfer when a cooperative of the cart has no bank account, writing nothing", async () => {
    const noBank = await createCooperative(t.db, "HTX chưa có tài khoản", { bankAccount: false });
    const honey = await createListedProduct(t.db, { organisationId: noBank, priceVnd: 120_000, batches: [{ units: 10 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 60_000, batches: [{ units: 10 }] });
    const cartId = await createCart(t.db, [
      { productId: honey.productId, quantity: 1 },
      { productId: rice.productId, quantity: 1 },
    ]);
    const before = await countRows();
    expect(await order(cartId, { form: checkoutForm({ paymentMethod: "bank_transfer" }) })).toEqual({
      ok: false,
      reason: "invalid",
      fieldErrors: { paymentMethod: "checkout.v.transferUnavailable" },
    });
    expect(await countRows()).toEqual(before);
    expect(await cartStatus(cartId)).toBe("open");
    placed(await order(cartId, { form: checkoutForm({ paymentMethod: "cash_on_delivery" }) }));
  });

  it("refuses an empty, unknown, already ordered or someone else's cart", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 30_000, batches: [{ units: 10 }] });
    const empty = await createCart(t.db, []);
    expect(await order(empty)).toEqual({ ok: false, reason: "empty_cart" });
    expect(await cartStatus(empty)).toBe("open");
    expect(await order("00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, reason: "empty_cart" });

    // A double submission: the second finds the cart ordered already, and nothing is taken twice.
    const cartId = await createCart(t.db, [{ productId: tea.productId, quantity: 2 }]);
    const [a, b] = await Promise.all([order(cartId), order(cartId)]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].filter((r) => !r.ok)).toEqual([{ ok: false, reason: "empty_cart" }]);
    expect(await stockOf(tea.batchIds)).toEqual([8]);

    const [owner, stranger] = await t.db
      .insert(users)
      .values([
        { email: "chu.gio@example.vn", displayName: "Chủ giỏ" },
        { email: "nguoi.la@example.vn", displayName: "Người lạ" },
      ])
      .returning({ id: users.id });
    const owned = await createCart(t.db, [{ productId: tea.productId, quantity: 1 }], owner!.id);
    expect(await order(owned, { userId: stranger!.id })).toEqual({ ok: false, reason: "empty_cart" });
    expect(await order(owned, { userId: null })).toEqual({ ok: false, reason: "empty_cart" });
    const guest = await createCart(t.db, [{ productId: tea.productId, quantity: 1 }]);
    expect(await order(guest, { userId: owner!.id })).toEqual({ ok: false, reason: "empty_cart" });
    const mine = placed(await order(owned, { userId: owner!.id }));
    expect((await t.db.select({ userId: orders.userId }).from(orders).where(eq(orders.id, mine.orderId)))[0]!.userId).toBe(owner!.id);
  });

  it("says which field of the form is wrong", () => {
    const result = checkoutSchema.safeParse({
      contactName: "  ",
      phone: "12345",
      email: "khong-phai-email",
      provinceCode: "Hà Nội",
      address: "ab",
      paymentMethod: "bitcoin",
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(fieldErrors(result.error)).toEqual({
        contactName: "checkout.v.nameRequired",
        phone: "checkout.v.phoneInvalid",
        email: "checkout.v.emailInvalid",
        provinceCode: "checkout.v.provinceRequired",
        address: "checkout.v.addressRequired",
        paymentMethod: "checkout.v.paymentRequired",
      });
    }
    // Phone numbers are read the way people type them.
    const ok = checkoutSchema.parse({ ...checkoutForm(), phone: "+84 912.345.678", email: " Lan@Example.VN " });
    expect(ok).toMatchObject({ phone: "0912345678", email: "lan@example.vn" });
  });

  it("refuses an unknown province or a commune that is not the province's, writing nothing", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 30_000, batches: [{ units: 10 }] });
    const [inThaiNguyen] = await t.db
      .insert(communes)
      .values({ provinceCode: "19", nameVi: "Xã Tân Cương", kind: "commune", slug: `tan-cuong-${Date.now()}` })
      .returning({ id: communes.id });
    const [inDaNang] = await t.db
      .insert(communes)
      .values({ provinceCode: "48", nameVi: "Phường Hải Châu", kind: "ward", slug: `hai-chau-${Date.now()}` })
      .returning({ id: communes.id });
    const cartId = await createCart(t.db, [{ productId: tea.productId, quantity: 1 }]);
    const before = await countRows();

    const attempt = (form: Partial<CheckoutForm>) => order(cartId, { form: checkoutForm({ communeName: undefined, ...form }) });
    expect(await attempt({ provinceCode: "99", communeName: "Xã Nào Đó" })).toEqual({
      ok: false,
      reason: "invalid",
      fieldErrors: { provinceCode: "checkout.v.provinceRequired" },
    });
    // Thái Nguyên's communes are listed: one of them must be chosen, a typed name is not enough.
    expect(await attempt({ provinceCode: "19", communeName: "Xã Tân Cương" })).toEqual({
      ok: false,
      reason: "invalid",
      fieldErrors: { communeId: "checkout.v.communeRequired" },
    });
    expect(await attempt({ provinceCode: "19", communeId: inDaNang!.id })).toMatchObject({ reason: "invalid", fieldErrors: { communeId: "checkout.v.communeRequired" } });
    expect(await attempt({ provinceCode: "19", communeId: 987_654 })).toMatchObject({ reason: "invalid", fieldErrors: { communeId: "checkout.v.communeRequired" } });
    // A province whose communes are not listed needs the commune typed.
    expect(await attempt({ provinceCode: "79" })).toMatchObject({ reason: "invalid", fieldErrors: { communeName: "checkout.v.communeRequired" } });
    // Card payments refused when Stripe is not configured.
    expect(await order(cartId, { cardAvailable: false, form: checkoutForm({ paymentMethod: "card" }) })).toEqual({
      ok: false,
      reason: "invalid",
      fieldErrors: { paymentMethod: "checkout.v.paymentRequired" },
    });
    expect(await countRows()).toEqual(before);
    expect(await stockOf(tea.batchIds)).toEqual([10]);
    expect(await cartStatus(cartId)).toBe("open");

    const good = placed(await attempt({ provinceCode: "19", communeId: inThaiNguyen!.id }));
    const [row] = await t.db.select().from(orders).where(eq(orders.id, good.orderId));
    expect(row).toMatchObject({ deliveryProvinceCode: "19", deliveryCommuneId: inThaiNguyen!.id, deliveryCommuneName: "Xã Tân Cương" });
    // Elsewhere the commune is typed.
    const typed = placed(await order(await createCart(t.db, [{ productId: tea.productId, quantity: 1 }]), { form: checkoutForm({ provinceCode: "79", communeName: "Phường Sài Gòn" }) }));
    expect((await t.db.select().from(orders).where(eq(orders.id, typed.orderId)))[0]).toMatchObject({ deliveryCommuneId: null, deliveryCommuneName: "Phường Sài Gòn" });
  });
});

describe("reservations and cancellations", () => {
  it("holds stock for a card payment, and returns it once when the reservation lapses", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 95_000, batches: [{ units: 3, expiresOn: "2027-01-01" }, { units: 5 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 45_000, batches: [{ units: 4 }] });
    const placedAt = new Date("2026-11-25T05:00:00Z");
    const cartId = await createCart(t.db, [
      { productId: tea.productId, quantity: 4 },
      { productId: rice.productId, quantity: 1 },
    ]);
    const result = placed(await order(cartId, { now: placedAt, form: checkoutForm({ paymentMethod: "card" }) }));
    const [row] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(row).toMatchObject({ status: "awaiting_payment", totalVnd: 4 * 95_000 + 45_000 });
    expect(row!.reservedUntil!.getTime()).toBe(placedAt.getTime() + CARD_RESERVATION_MINUTES * 60_000);
    // No payment row yet: the Stripe session makes it.
    expect(await t.db.select().from(payments).where(eq(payments.orderId, result.orderId))).toEqual([]);
    expect(await stockOf([...tea.batchIds, ...rice.batchIds])).toEqual([0, 4, 3]);

    const minutes = (m: number) => new Date(placedAt.getTime() + m * 60_000);
    await lapseExpiredReservations(t.db, minutes(CARD_RESERVATION_MINUTES - 1));
    expect((await t.db.select({ status: orders.status }).from(orders).where(eq(orders.id, result.orderId)))[0]!.status).toBe("awaiting_payment");
    expect(await stockOf([...tea.batchIds, ...rice.batchIds])).toEqual([0, 4, 3]);

    expect(await lapseExpiredReservations(t.db, minutes(CARD_RESERVATION_MINUTES + 1))).toBeGreaterThanOrEqual(1);
    const [lapsed] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(lapsed!.status).toBe("lapsed");
    const subs = await t.db.select().from(subOrders).where(eq(subOrders.orderId, result.orderId));
    expect(subs.map((s) => [s.status, s.cancelReason])).toEqual([
      ["cancelled", "reservation_lapsed"],
      ["cancelled", "reservation_lapsed"],
    ]);
    expect(await stockOf([...tea.batchIds, ...rice.batchIds])).toEqual([3, 5, 4]);
    // The allocations are kept for history, marked released.
    const allocs = await t.db
      .select({ releasedAt: orderLineAllocations.releasedAt })
      .from(orderLineAllocations)
      .innerJoin(orderLines, eq(orderLines.id, orderLineAllocations.orderLineId))
      .where(inArray(orderLines.productId, [tea.productId, rice.productId]));
    expect(allocs).toHaveLength(3);
    expect(allocs.every((a) => a.releasedAt?.getTime() === minutes(CARD_RESERVATION_MINUTES + 1).getTime())).toBe(true);

    // Running again (or on a second server at the same time) returns nothing twice.
    await Promise.all([lapseExpiredReservations(t.db, minutes(60)), lapseExpiredReservations(t.db, minutes(60))]);
    expect(await stockOf([...tea.batchIds, ...rice.batchIds])).toEqual([3, 5, 4]);
    await expectStockAddsUp(tea.productId);
    await expectStockAddsUp(rice.productId);
  });

  it("returns the stock of a card order whose payment could not start, and reopens the cart", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 95_000, batches: [{ units: 5 }] });
    const cartId = await createCart(t.db, [{ productId: tea.productId, quantity: 2 }]);
    const result = placed(await order(cartId, { form: checkoutForm({ paymentMethod: "card" }) }));
    expect(await stockOf(tea.batchIds)).toEqual([3]);
    expect(await cancelCardOrder(t.db, result.orderId, NOW)).toBe(true);
    expect(await cancelCardOrder(t.db, result.orderId, NOW)).toBe(false);
    expect((await t.db.select({ status: orders.status }).from(orders).where(eq(orders.id, result.orderId)))[0]!.status).toBe("cancelled");
    expect(await stockOf(tea.batchIds)).toEqual([5]);
    expect(await cartStatus(cartId)).toBe("open");
    // The consumer pays another way with the same cart.
    placed(await order(cartId));
    expect(await stockOf(tea.batchIds)).toEqual([3]);
    await expectStockAddsUp(tea.productId);
  });

  it("returns the stock of a sub-order the cooperative cancels, and cancels the order with its last sub-order", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 80_000, batches: [{ units: 6 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 50_000, batches: [{ units: 6 }] });
    const [manager] = await t.db.insert(users).values({ email: `quanly.${Date.now()}@example.vn`, displayName: "Quản lý" }).returning({ id: users.id });
    const result = placed(
      await order(
        await createCart(t.db, [
          { productId: tea.productId, quantity: 2 },
          { productId: rice.productId, quantity: 3 },
        ]),
      ),
    );
    const subs = await t.db.select().from(subOrders).where(eq(subOrders.orderId, result.orderId));
    const cancel = (organisationId: string) =>
      moveSubOrder(t.db, null, silentLogger, {
        organisationId,
        reference: subs.find((s) => s.organisationId === organisationId)!.reference,
        actor: { userId: manager!.id, role: "cooperative_manager" },
        form: { intent: "cancel", reason: "Khách đổi ý" },
        now: NOW,
      });
    expect(await cancel(teaCoop)).toMatchObject({ ok: true, status: "cancelled" });
    expect(await stockOf([...tea.batchIds, ...rice.batchIds])).toEqual([6, 3]);
    expect((await t.db.select({ status: orders.status }).from(orders).where(eq(orders.id, result.orderId)))[0]!.status).toBe("placed");
    expect(await cancel(teaCoop)).toMatchObject({ ok: false });
    expect(await stockOf([...tea.batchIds, ...rice.batchIds])).toEqual([6, 3]);

    expect(await cancel(riceCoop)).toMatchObject({ ok: true, status: "cancelled" });
    expect(await stockOf([...tea.batchIds, ...rice.batchIds])).toEqual([6, 6]);
    expect((await t.db.select({ status: orders.status }).from(orders).where(eq(orders.id, result.orderId)))[0]!.status).toBe("cancelled");
    const pays = await t.db.select({ status: payments.status }).from(payments).where(eq(payments.orderId, result.orderId));
    expect(pays.map((p) => p.status)).toEqual(["expired", "expired"]);
    await expectStockAddsUp(tea.productId);
    await expectStockAddsUp(rice.productId);
  });
});

/** Concurrent checkouts, each with its own guest cart; returns the results in call order. */
async function race(db: Database, carts: string[], form: CheckoutForm = checkoutForm()): Promise<PlaceOrderResult[]> {
  let go!: () => void;
  const start = new Promise<void>((resolve) => (go = resolve));
  // Every call is waiting on the same signal before any starts, so they all run at once.
  const calls = carts.map(async (cartId) => {
    await start;
    return placeOrder(db, { cartId, userId: null, form, cardAvailable: true, locale: "vi", today: TODAY, now: NOW });
  });
  go();
  return Promise.all(calls);
}

describe(`never oversell (${isPostgresServer() ? "PostgreSQL server, concurrent connections" : "PGlite, one connection: calls serialize"})`, () => {
  it("200 concurrent checkouts racing for the last 10 units: exactly 10 sold, the rest refused clearly, stock never negative", async () => {
    const product = await createListedProduct(t.db, {
      organisationId: teaCoop,
      priceVnd: 150_000,
      name: "Chè móc câu Tân Cương đặc biệt",
      // The last 10 units, spread over three batches, so checkouts also race from batch to batch.
      batches: [{ units: 4, expiresOn: "2027-01-01" }, { units: 3, expiresOn: "2027-02-01" }, { units: 3 }],
    });
    const cartIds: string[] = [];
    for (let i = 0; i < 200; i++) cartIds.push(await createCart(t.db, [{ productId: product.productId, quantity: 1 }]));

    // Watch the stock from another connection while the race runs (on PostgreSQL: it is truly concurrent).
    let lowest = Number.POSITIVE_INFINITY;
    let samples = 0;
    let racing = true;
    const watcher = (async () => {
      // At least one sample, even when the race is over before the watcher's first turn.
      do {
        const [row] = await t.db
          .select({ min: sql<number>`min(${batchStock.unitsAvailable})::int` })
          .from(batchStock)
          .where(eq(batchStock.productId, product.productId));
        lowest = Math.min(lowest, Number(row!.min));
        samples += 1;
        await new Promise((r) => setTimeout(r, 2));
      } while (racing);
    })();
    const results = await race(t.db, cartIds, checkoutForm({ paymentMethod: "bank_transfer" }));
    racing = false;
    await watcher;
    expect(samples).toBeGreaterThan(0);

    const sold = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(sold).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const r of refused) {
      expect(r).toEqual({
        ok: false,
        reason: "insufficient_stock",
        shortages: [{ productId: product.productId, nameVi: "Chè móc câu Tân Cương đặc biệt", nameEn: expect.any(String), requested: 1, available: 0 }],
      });
    }
    expect(translate("vi", "checkout.error.soldOut", { name: "Chè móc câu Tân Cương đặc biệt" })).toBe("Chè móc câu Tân Cương đặc biệt: đã hết hàng.");
    expect(lowest).toBeGreaterThanOrEqual(0);

    // The database agrees: no stock left, never below zero, 10 units allocated to 10 distinct orders.
    expect(await stockOf(product.batchIds)).toEqual([0, 0, 0]);
    await expectStockAddsUp(product.productId);
    const lines = await t.db
      .select({ orderId: subOrders.orderId, quantity: orderLines.quantity, lineId: orderLines.id })
      .from(orderLines)
      .innerJoin(subOrders, eq(subOrders.id, orderLines.subOrderId))
      .where(eq(orderLines.productId, product.productId));
    expect(lines).toHaveLength(10);
    expect(new Set(lines.map((l) => l.orderId))).toEqual(new Set(sold.map((r) => r.ok && r.orderId)));
    const allocations = await t.db
      .select({ batchId: orderLineAllocations.batchId, quantity: orderLineAllocations.quantity })
      .from(orderLineAllocations)
      .where(inArray(orderLineAllocations.orderLineId, lines.map((l) => l.lineId)));
    const perBatch = new Map<string, number>();
    for (const a of allocations) perBatch.set(a.batchId, (perBatch.get(a.batchId) ?? 0) + a.quantity);
    expect(product.batchIds.map((id) => perBatch.get(id))).toEqual([4, 3, 3]);
    // Orders and payments exist for the winners only; the losers' carts stay open to be changed.
    const orderRows = await t.db.select({ id: orders.id, cartId: orders.cartId }).from(orders).where(inArray(orders.cartId, cartIds));
    expect(orderRows).toHaveLength(10);
    const openCarts = await t.db.select({ id: carts.id }).from(carts).where(and(inArray(carts.id, cartIds), eq(carts.status, "open")));
    expect(openCarts).toHaveLength(190);
    const pays = await t.db.select({ amount: payments.amountVnd }).from(payments).where(inArray(payments.orderId, orderRows.map((o) => o.id)));
    expect(pays.map((p) => p.amount)).toEqual(Array(10).fill(150_000));
  });

  it("concurrent orders over two cooperatives' scarce products never deadlock, oversell or half-write", async () => {
    // Every cart takes 1 unit of A (10 left) and 2 of B (26 left, 2 batches), so both rows are fought over.
    const a = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 100_000, batches: [{ units: 6, expiresOn: "2027-01-01" }, { units: 4 }] });
    const b = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 50_000, batches: [{ units: 7, expiresOn: "2027-01-01" }, { units: 19 }] });
    const cartIds: string[] = [];
    for (let i = 0; i < 60; i++) {
      // Half the carts list B first: line order in a cart must not matter.
      const lines = [
        { productId: a.productId, quantity: 1 },
        { productId: b.productId, quantity: 2 },
      ];
      cartIds.push(await createCart(t.db, i % 2 ? lines : lines.reverse()));
    }
    const results = await race(t.db, cartIds);
    const sold = results.filter((r) => r.ok);
    expect(sold).toHaveLength(10);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r).toMatchObject({ ok: false, reason: "insufficient_stock" });
      if (!r.ok && r.reason === "insufficient_stock") expect(r.shortages.map((s) => s.productId)).toEqual([a.productId]);
    }
    expect(await stockOf([...a.batchIds, ...b.batchIds])).toEqual([0, 0, 0, 6]);
    await expectStockAddsUp(a.productId);
    await expectStockAddsUp(b.productId);
    const subs = await t.db.select({ orderId: subOrders.orderId }).from(subOrders).innerJoin(orders, eq(orders.id, subOrders.orderId)).where(inArray(orders.cartId, cartIds));
    expect(subs).toHaveLength(20);
  });
});

describe(`stock given back while others buy (${isPostgresServer() ? "PostgreSQL server, concurrent connections" : "PGlite, one connection"})`, () => {
  it("checkouts racing cancellations that refill the same products' batches never deadlock, and stock adds up", async () => {
    // Small batches whose first-expiring-first order differs from their id order, so that taking and giving back
    // walk them differently unless both follow one order.
    const spec = [{ units: 2, expiresOn: "2027-03-01" }, { units: 2, expiresOn: "2027-01-01" }, { units: 2, expiresOn: "2027-02-01" }];
    const p = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 10_000, batches: spec });
    const q = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 20_000, batches: spec });
    const card = checkoutForm({ paymentMethod: "card" });
    const carts = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          createCart(t.db, i % 2 ? [{ productId: p.productId, quantity: 1 }, { productId: q.productId, quantity: 1 }] : [{ productId: q.productId, quantity: 2 }, { productId: p.productId, quantity: 1 }]),
        ),
      );
    const placedIds = (results: PlaceOrderResult[]) => results.flatMap((r) => (r.ok ? [r.orderId] : []));
    let holding = placedIds(await race(t.db, await carts(4), card));
    expect(holding.length).toBeGreaterThan(0);
    for (let round = 0; round < 8; round += 1) {
      const next = await carts(4);
      // Everything held is given back while new checkouts take it: no call may fail (a deadlock would throw).
      const [cancelled, placed] = await Promise.all([Promise.all(holding.map((id) => cancelCardOrder(t.db, id, NOW))), race(t.db, next, card)]);
      expect(cancelled.every(Boolean)).toBe(true);
      for (const r of placed) if (!r.ok) expect(r.reason).toBe("insufficient_stock");
      holding = placedIds(placed);
    }
    await Promise.all(holding.map((id) => cancelCardOrder(t.db, id, NOW)));
    await expectStockAddsUp(p.productId);
    await expectStockAddsUp(q.productId);
    expect(await stockOf([...p.batchIds, ...q.batchIds])).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

describe("delivery places", () => {
  it("lists the 34 provinces in Vietnamese alphabetical order, Đ under D", async () => {
    const { provinces } = await listDeliveryPlaces(t.db);
    expect(provinces).toHaveLength(34);
    const names = provinces.map((p) => p.nameVi);
    const at = (name: string) => names.indexOf(name);
    expect(at("Đà Nẵng")).toBeGreaterThan(at("Cần Thơ"));
    expect(at("Đồng Tháp")).toBeLessThan(at("Gia Lai"));
    expect(at("Vĩnh Long")).toBe(names.length - 1);
    expect(at("Cà Mau")).toBeLessThan(at("Cao Bằng"));
  });
});
