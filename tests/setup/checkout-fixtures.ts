// Cooperatives, listed products and batches with stock on sale, carts and orders placed through the real
// cart and checkout, for the market's tests and the checkout benchmark.
import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, batchStock, cartItems, carts, listings, organisations, products, subOrders } from "#db/schema";
import { addToCart, type CartOwner } from "~/market/cart.server";
import type { CheckoutForm, PaymentMethod } from "~/market/checkout-schema";
import { placeOrder } from "~/market/checkout.server";

const suffix = () => randomBytes(4).toString("hex");

/** An active cooperative, with a bank account (so it can be paid by VietQR) unless `bankAccount` is false. */
export async function createCooperative(db: Database, name = `HTX thử ${suffix()}`, options: { bankAccount?: boolean } = {}): Promise<string> {
  const bank = options.bankAccount === false ? {} : { bankBin: "970436", bankAccountNumber: "0011001234567", bankAccountName: "HTX THU" };
  const [org] = await db
    .insert(organisations)
    .values({ slug: `htx-${suffix()}`, kind: "cooperative", status: "active", name, ...bank })
    .returning({ id: organisations.id });
  return org!.id;
}

export interface BatchSpec {
  units: number;
  /** Calendar dates; null means none. */
  expiresOn?: string | null;
  bestBefore?: string | null;
  producedOn?: string;
  status?: "active" | "consumed" | "recalled" | "withdrawn";
}

/** A listed product with one batch per spec, each with `units` on sale. Returns the ids, batches in spec order. */
export async function createListedProduct(
  db: Database,
  input: { organisationId: string; priceVnd: number; batches: BatchSpec[]; maxPerOrder?: number | null; name?: string },
): Promise<{ productId: string; batchIds: string[] }> {
  const s = suffix();
  const [product] = await db
    .insert(products)
    .values({
      organisationId: input.organisationId,
      slug: `san-pham-${s}`,
      nameVi: input.name ?? `Chè thử ${s}`,
      nameEn: `Test tea ${s}`,
      category: "tea",
      unitVi: "gói 200 g",
      unitEn: "200 g pack",
      priceVnd: input.priceVnd,
    })
    .returning({ id: products.id });
  const productId = product!.id;
  await db.insert(listings).values({ productId, organisationId: input.organisationId, priceVnd: input.priceVnd, maxPerOrder: input.maxPerOrder ?? null });
  const batchIds: string[] = [];
  for (const [i, spec] of input.batches.entries()) {
    const [batch] = await db
      .insert(batches)
      .values({
        organisationId: input.organisationId,
        productId,
        lotCode: `LOT${s.toUpperCase()}${i}`,
        quantity: String(Math.max(spec.units, 1)),
        uom: "H87",
        producedOn: spec.producedOn ?? "2026-10-01",
        bestBefore: spec.bestBefore ?? null,
        expiresOn: spec.expiresOn ?? null,
        status: spec.status ?? "active",
      })
      .returning({ id: batches.id });
    batchIds.push(batch!.id);
    await db.insert(batchStock).values({
      batchId: batch!.id,
      organisationId: input.organisationId,
      productId,
      unitsOnSale: spec.units,
      unitsAvailable: spec.units,
    });
  }
  return { productId, batchIds };
}

/**
 * An open cart (a guest's when userId is null) holding the given lines as they are, even beyond what is on
 * sale (as a cart is left when stock goes after its lines were added). placeTestOrder fills one for real.
 */
export async function createCart(db: Database, lines: { productId: string; quantity: number }[], userId: string | null = null): Promise<string> {
  const [cart] = await db.insert(carts).values({ userId }).returning({ id: carts.id });
  if (lines.length > 0) await db.insert(cartItems).values(lines.map((l) => ({ cartId: cart!.id, ...l })));
  return cart!.id;
}

/** A valid checkout form: delivery outside Thái Nguyên (typed commune), paid in cash on delivery. */
export function checkoutForm(overrides: Partial<CheckoutForm> = {}): CheckoutForm {
  return {
    contactName: "Nguyễn Thị Lan",
    phone: "0912345678",
    email: undefined,
    provinceCode: "01",
    communeId: undefined,
    communeName: "Phường Ba Đình",
    address: "12 Phố Điện Biên Phủ",
    note: undefined,
    paymentMethod: "cash_on_delivery",
    ...overrides,
  };
}

export interface PlacedOrder {
  orderId: string;
  number: string;
  phone: string;
  /** In the order of the lines' cooperatives as given (not the order checkout numbers them in). */
  subOrders: { id: string; organisationId: string; reference: string; totalVnd: number }[];
}

/**
 * An order placed the way a buyer places one: the lines put in a cart with the real cart command,
 * then the real checkout (placeOrder). Throws when the cart or the checkout refuses.
 */
export async function placeTestOrder(
  db: Database,
  input: {
    lines: { productId: string; quantity: number }[];
    method: PaymentMethod;
    today: string;
    now?: Date;
    userId?: string | null;
    form?: Partial<CheckoutForm>;
  },
): Promise<PlacedOrder> {
  const userId = input.userId ?? null;
  let owner: CartOwner = userId ? { userId } : { guestCartId: null };
  let cartId = "";
  for (const line of input.lines) {
    const added = await addToCart(db, owner, { ...line, today: input.today });
    if (!added.ok || added.capped) throw new Error(`fixture cart: ${JSON.stringify(added)}`);
    cartId = added.cartId;
    if (!userId) owner = { guestCartId: cartId };
  }
  const form = checkoutForm({ paymentMethod: input.method, ...input.form });
  const placed = await placeOrder(db, { cartId, userId, form, cardAvailable: true, locale: "vi", today: input.today, now: input.now });
  if (!placed.ok) throw new Error(`fixture checkout: ${JSON.stringify(placed)}`);
  const subs = await db
    .select({ id: subOrders.id, organisationId: subOrders.organisationId, reference: subOrders.reference, totalVnd: subOrders.totalVnd })
    .from(subOrders)
    .where(eq(subOrders.orderId, placed.orderId));
  const owners = await db
    .select({ productId: products.id, organisationId: products.organisationId })
    .from(products)
    .where(
      inArray(
        products.id,
        input.lines.map((l) => l.productId),
      ),
    );
  const cooperatives = input.lines.map((l) => owners.find((o) => o.productId === l.productId)!.organisationId);
  const rank = (organisationId: string) => cooperatives.indexOf(organisationId);
  return { orderId: placed.orderId, number: placed.number, phone: form.phone, subOrders: subs.sort((a, b) => rank(a.organisationId) - rank(b.organisationId)) };
}
