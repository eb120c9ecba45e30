/**
 * Test fixtures for orders: cooperatives with a manager and a staff member each, a product with two
 * batches on sale each, and orders placed through the real cart and checkout. Database tests only.
 */
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "#db/client.server";
import { batches, batchStock, listings, memberships, organisations, payments, products, users } from "#db/schema";
import { silentLogger } from "~/lib/logger";
import type { PaymentMethod } from "~/market/fulfilment-schema";
import { applyCheckoutSession } from "~/market/payments/checkout-session.server";
import { placeTestOrder, type PlacedOrder } from "./checkout-fixtures";

export interface CoopFixture {
  id: string;
  slug: string;
  managerId: string;
  staffId: string;
  productId: string;
  priceVnd: number;
  batchIds: [string, string];
}

let counter = 0;

export async function createCoop(db: Database, name: string, stock: [number, number] = [10, 10]): Promise<CoopFixture> {
  counter += 1;
  const slug = `htx-${name}-${counter}`;
  const [org] = await db
    .insert(organisations)
    .values({ slug, kind: "cooperative", name: `HTX ${name}`, status: "active", bankBin: "970436", bankAccountNumber: "0011001234567", bankAccountName: `HTX ${name.toUpperCase()}` })
    .returning();
  const [manager, staff] = await db
    .insert(users)
    .values([
      { email: `quanly.${slug}@example.vn`, displayName: `Quản lý ${name}` },
      { email: `nhanvien.${slug}@example.vn`, displayName: `Nhân viên ${name}` },
    ])
    .returning();
  await db.insert(memberships).values([
    { userId: manager!.id, organisationId: org!.id, role: "cooperative_manager" },
    { userId: staff!.id, organisationId: org!.id, role: "cooperative_staff" },
  ]);
  const priceVnd = 120_000;
  const [product] = await db
    .insert(products)
    .values({ organisationId: org!.id, slug: `che-${slug}`, nameVi: `Chè ${name}`, nameEn: `${name} tea`, category: "tea", unitVi: "gói 200 g", unitEn: "200 g pack", priceVnd })
    .returning();
  await db.insert(listings).values({ productId: product!.id, organisationId: org!.id, priceVnd });
  const made = await db
    .insert(batches)
    .values([
      { organisationId: org!.id, productId: product!.id, lotCode: `A${counter}`, quantity: "100", uom: "H87", producedOn: "2026-09-01", expiresOn: "2027-03-01" },
      { organisationId: org!.id, productId: product!.id, lotCode: `B${counter}`, quantity: "100", uom: "H87", producedOn: "2026-10-01", expiresOn: "2027-06-01" },
    ])
    .returning();
  await db.insert(batchStock).values(
    made.map((b, i) => ({ batchId: b.id, organisationId: org!.id, productId: product!.id, unitsOnSale: stock[i]!, unitsAvailable: stock[i]! })),
  );
  return { id: org!.id, slug, managerId: manager!.id, staffId: staff!.id, productId: product!.id, priceVnd, batchIds: [made[0]!.id, made[1]!.id] };
}

export type OrderFixture = PlacedOrder;

/** The calendar day orders are placed on (the batches above are sellable then, whatever the real date). */
const ORDER_DAY = "2026-11-25";

/**
 * An order placed through the real cart and checkout: per cooperative one sub-order with one line of
 * `quantity` units (taken first-expiring-first). `cardPaid`: a card order whose Checkout Session Stripe
 * reports paid, applied the way the webhook applies it.
 */
export async function placeCoopOrder(
  db: Database,
  input: {
    method: PaymentMethod;
    items: { coop: CoopFixture; quantity: number }[];
    userId?: string | null;
    phone?: string;
    cardPaid?: boolean;
  },
): Promise<OrderFixture> {
  const order = await placeTestOrder(db, {
    method: input.method,
    lines: input.items.map((i) => ({ productId: i.coop.productId, quantity: i.quantity })),
    today: ORDER_DAY,
    userId: input.userId ?? null,
    form: { email: "lan@example.vn", ...(input.phone ? { phone: input.phone } : {}) },
  });
  if (input.method === "card" && input.cardPaid) {
    const session = {
      id: `cs_test_${order.number}`,
      object: "checkout.session",
      status: "complete",
      payment_status: "paid",
      payment_intent: `pi_test_${order.number}`,
      metadata: { order_id: order.orderId },
      client_reference_id: order.orderId,
      amount_total: order.subOrders.reduce((sum, s) => sum + s.totalVnd, 0),
      currency: "vnd",
      created: Math.floor(Date.now() / 1000),
    } as unknown as Stripe.Checkout.Session;
    // As startCardCheckout records it: only a session the app created for the order can pay it.
    await db.insert(payments).values({ orderId: order.orderId, provider: "stripe", status: "pending", amountVnd: session.amount_total!, stripeCheckoutSessionId: session.id });
    const outcome = await applyCheckoutSession(db, null, silentLogger, session);
    if (outcome !== "placed") throw new Error(`fixture card payment: ${outcome}`);
  }
  return order;
}

export async function unitsAvailable(db: Database, batchId: string): Promise<number> {
  const [row] = await db.select({ n: batchStock.unitsAvailable }).from(batchStock).where(eq(batchStock.batchId, batchId));
  return row!.n;
}
