/**
 * Turning a cart into an order: one order, one sub-order per cooperative, every line allocated to
 * batches first-expiring-first, all in one transaction. Prices and totals come from the database,
 * never from the form. Shipping is 0 for now (no carrier rates yet); the columns are there for it.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { cartItems, carts, communes, listings, orderEvents, orderLines, orders, organisations, payments, products, provinces, subOrders } from "#db/schema";
import type { Locale } from "~/lib/i18n";
import type { CheckoutForm, PaymentMethod } from "./checkout-schema";
import { newOrderNumber, subOrderReference } from "./order-number";
import { canPayByTransfer } from "./payments/transfer.server";
import { allocateStock, CARD_RESERVATION_MINUTES, closeUnpaidOrder } from "./stock.server";

export const SHIPPING_VND = 0;

export interface Shortage {
  productId: string;
  nameVi: string;
  nameEn: string | null;
  requested: number;
  /** Units that can still be bought in one order now. */
  available: number;
}

export type PlaceOrderResult =
  | { ok: true; orderId: string; number: string; paymentMethod: PaymentMethod; totalVnd: number }
  | { ok: false; reason: "empty_cart" }
  | { ok: false; reason: "invalid"; fieldErrors: Record<string, string> }
  | { ok: false; reason: "unavailable"; products: { productId: string; nameVi: string; nameEn: string | null }[] }
  | { ok: false; reason: "insufficient_stock"; shortages: Shortage[] };

export interface PlaceOrderInput {
  cartId: string;
  /** The signed-in buyer, if any; the cart must then be theirs. */
  userId: string | null;
  form: CheckoutForm;
  /** Whether card payments are configured (the card option is hidden otherwise). */
  cardAvailable: boolean;
  locale: Locale;
  /** Calendar date in Vietnam (decides which batches are expired). */
  today: string;
  now?: Date;
}

/** A refusal found inside the transaction: thrown to roll everything back, then returned. */
class Refusal extends Error {
  constructor(readonly result: Exclude<PlaceOrderResult, { ok: true }>) {
    super(result.reason);
  }
}

interface ResolvedPlace {
  provinceCode: string;
  communeId: number | null;
  communeName: string;
}

/** The delivery province and commune: from the list when the province's communes are known, else as typed. */
export async function resolveDeliveryPlace(
  db: Database,
  form: Pick<CheckoutForm, "provinceCode" | "communeId" | "communeName">,
): Promise<{ ok: true; place: ResolvedPlace } | { ok: false; fieldErrors: Record<string, string> }> {
  // One round trip: the province, whether its communes are listed, and the chosen one if it is among them.
  const result = await db.execute(sql`select p.code,
      (select count(*) from communes c where c.province_code = p.code)::int as known,
      chosen.id as commune_id, chosen.name_vi as commune_name
    from provinces p
    left join communes chosen on chosen.id = ${form.communeId ?? null}::int and chosen.province_code = p.code
    where p.code = ${form.provinceCode}`);
  const [province] = rowsOf<{ code: string; known: number; commune_id: number | null; commune_name: string | null }>(result).map((r) => ({
    code: r.code,
    known: r.known,
    communeId: r.commune_id,
    communeName: r.commune_name,
  }));
  if (!province) return { ok: false, fieldErrors: { provinceCode: "checkout.v.provinceRequired" } };
  if (Number(province.known) > 0) {
    if (form.communeId === undefined || province.communeId === null || province.communeName === null) {
      return { ok: false, fieldErrors: { communeId: "checkout.v.communeRequired" } };
    }
    return { ok: true, place: { provinceCode: province.code, communeId: Number(province.communeId), communeName: province.communeName } };
  }
  if (!form.communeName) return { ok: false, fieldErrors: { communeName: "checkout.v.communeRequired" } };
  return { ok: true, place: { provinceCode: province.code, communeId: null, communeName: form.communeName } };
}

interface PricedLine {
  productId: string;
  organisationId: string;
  nameVi: string;
  nameEn: string | null;
  unitVi: string;
  unitEn: string;
  unitPriceVnd: number;
  quantity: number;
  maxPerOrder: number | null;
  buyable: boolean;
}

/**
 * Places the order for the cart's contents. Nothing is written unless every line gets its units:
 * a short line comes back as `insufficient_stock` naming the item and what is left.
 * Card: `awaiting_payment`, stock reserved for 30 minutes (the caller starts the Stripe session).
 * Transfer: `placed`, one pending VietQR payment per sub-order (reference = the sub-order's reference).
 * Cash on delivery: `placed`, one pending cash payment per sub-order.
 */
export async function placeOrder(db: Database, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const { cartId, userId, form, locale, today } = input;
  const now = input.now ?? new Date();
  if (form.paymentMethod === "card" && !input.cardAvailable) {
    return { ok: false, reason: "invalid", fieldErrors: { paymentMethod: "checkout.v.paymentRequired" } };
  }
  const place = await resolveDeliveryPlace(db, form);
  if (!place.ok) return { ok: false, reason: "invalid", fieldErrors: place.fieldErrors };

  try {
    return await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      // Claiming the cart first serialises double submissions: the second finds no open cart.
      const [cart] = await tx
        .update(carts)
        .set({ status: "ordered", updatedAt: now })
        .where(
          and(
            eq(carts.id, cartId),
            eq(carts.status, "open"),
            userId ? eq(carts.userId, userId) : sql`${carts.userId} is null`,
          ),
        )
        .returning({ id: carts.id });
      if (!cart) throw new Refusal({ ok: false, reason: "empty_cart" });

      const lines: PricedLine[] = (
        await tx
          .select({
            productId: cartItems.productId,
            quantity: cartItems.quantity,
            organisationId: listings.organisationId,
            nameVi: products.nameVi,
            nameEn: products.nameEn,
            unitVi: products.unitVi,
            unitEn: products.unitEn,
            unitPriceVnd: listings.priceVnd,
            maxPerOrder: listings.maxPerOrder,
            buyable: sql<boolean>`${listings.status} = 'listed' and ${products.status} = 'active' and ${organisations.status} = 'active'`,
          })
          .from(cartItems)
          .innerJoin(products, eq(products.id, cartItems.productId))
          .leftJoin(listings, eq(listings.productId, cartItems.productId))
          .leftJoin(organisations, eq(organisations.id, listings.organisationId))
          .where(eq(cartItems.cartId, cartId))
          .orderBy(asc(cartItems.productId))
      ).map((r) => ({
        ...r,
        organisationId: r.organisationId ?? "",
        unitPriceVnd: Number(r.unitPriceVnd ?? 0),
        buyable: Boolean(r.buyable) && r.organisationId !== null,
      }));
      if (lines.length === 0) throw new Refusal({ ok: false, reason: "empty_cart" });
      const unbuyable = lines.filter((l) => !l.buyable);
      if (unbuyable.length > 0) {
        throw new Refusal({
          ok: false,
          reason: "unavailable",
          products: unbuyable.map((l) => ({ productId: l.productId, nameVi: l.nameVi, nameEn: l.nameEn })),
        });
      }

      // One sub-order per cooperative, numbered in the order of the cooperatives' ids (stable).
      const organisationIds = [...new Set(lines.map((l) => l.organisationId))].sort();
      // Each cooperative is paid into its own account: transfer only when every one of them has one.
      if (form.paymentMethod === "bank_transfer" && !(await canPayByTransfer(tx, organisationIds))) {
        throw new Refusal({ ok: false, reason: "invalid", fieldErrors: { paymentMethod: "checkout.v.transferUnavailable" } });
      }
      const subtotalVnd = lines.reduce((sum, l) => sum + l.unitPriceVnd * l.quantity, 0);
      const isCard = form.paymentMethod === "card";
      const status = isCard ? "awaiting_payment" : "placed";

      let order: { id: string; number: string } | undefined;
      for (let attempt = 0; attempt < 8 && !order; attempt++) {
        // A taken number (about one in a trillion) inserts nothing: draw again, no aborted transaction.
        [order] = await tx
          .insert(orders)
          .values({
            number: newOrderNumber(),
            userId,
            cartId,
            status,
            paymentMethod: form.paymentMethod,
            contactName: form.contactName,
            phone: form.phone,
            email: form.email ?? null,
            deliveryProvinceCode: place.place.provinceCode,
            deliveryCommuneId: place.place.communeId,
            deliveryCommuneName: place.place.communeName,
            deliveryAddress: form.address,
            deliveryNote: form.note ?? null,
            subtotalVnd,
            shippingVnd: SHIPPING_VND,
            totalVnd: subtotalVnd + SHIPPING_VND,
            reservedUntil: isCard ? new Date(now.getTime() + CARD_RESERVATION_MINUTES * 60_000) : null,
            locale,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: orders.number })
          .returning({ id: orders.id, number: orders.number });
      }
      if (!order) throw new Error("Could not draw a free order number");
      const orderId = order.id;

      const subOrderRows = await tx
        .insert(subOrders)
        .values(
          organisationIds.map((organisationId, i) => {
            const subtotal = lines.filter((l) => l.organisationId === organisationId).reduce((s, l) => s + l.unitPriceVnd * l.quantity, 0);
            return {
              orderId,
              organisationId,
              reference: subOrderReference(order.number, i + 1),
              subtotalVnd: subtotal,
              shippingVnd: 0,
              totalVnd: subtotal,
              createdAt: now,
              updatedAt: now,
            };
          }),
        )
        .returning({ id: subOrders.id, organisationId: subOrders.organisationId, reference: subOrders.reference, totalVnd: subOrders.totalVnd });
      const subOrderOf = new Map(subOrderRows.map((s) => [s.organisationId, s]));

      const lineRows = await tx
        .insert(orderLines)
        .values(
          lines.map((l) => ({
            subOrderId: subOrderOf.get(l.organisationId)!.id,
            organisationId: l.organisationId,
            productId: l.productId,
            productNameVi: l.nameVi,
            productNameEn: l.nameEn,
            unitVi: l.unitVi,
            unitEn: l.unitEn,
            unitPriceVnd: l.unitPriceVnd,
            quantity: l.quantity,
            lineTotalVnd: l.unitPriceVnd * l.quantity,
          })),
        )
        .returning({ id: orderLines.id, productId: orderLines.productId });
      const lineIdOf = new Map(lineRows.map((r) => [r.productId, r.id]));

      // Lines in product-id order, so concurrent checkouts lock batch rows in one order (no deadlock).
      const shortages: Shortage[] = [];
      for (const l of lines) {
        const allowed = l.maxPerOrder ?? Number.POSITIVE_INFINITY;
        if (l.quantity > allowed) {
          shortages.push({ productId: l.productId, nameVi: l.nameVi, nameEn: l.nameEn, requested: l.quantity, available: l.maxPerOrder! });
          continue;
        }
        const result = await allocateStock(tx, { orderLineId: lineIdOf.get(l.productId)!, productId: l.productId, quantity: l.quantity, today });
        if (!result.ok) {
          shortages.push({
            productId: l.productId,
            nameVi: l.nameVi,
            nameEn: l.nameEn,
            requested: l.quantity,
            available: Math.min(result.available, allowed),
          });
        }
      }
      if (shortages.length > 0) throw new Refusal({ ok: false, reason: "insufficient_stock", shortages });

      if (!isCard) {
        await tx.insert(payments).values(
          subOrderRows.map((s) => ({
            orderId,
            subOrderId: s.id,
            provider: form.paymentMethod === "bank_transfer" ? ("vietqr" as const) : ("cash" as const),
            status: "pending" as const,
            amountVnd: s.totalVnd,
            reference: s.reference,
            createdAt: now,
            updatedAt: now,
          })),
        );
      }
      await tx.insert(orderEvents).values([
        { orderId, status, details: { paymentMethod: form.paymentMethod }, createdAt: now },
        ...subOrderRows.map((s) => ({ orderId, subOrderId: s.id, status: "pending", details: { reference: s.reference }, createdAt: now })),
      ]);
      return { ok: true as const, orderId, number: order.number, paymentMethod: form.paymentMethod, totalVnd: subtotalVnd + SHIPPING_VND };
    });
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
}

/**
 * The card payment could not start: the order is cancelled, its stock returns, and the cart it came
 * from opens again so the consumer can choose another way to pay. Nothing happens twice.
 */
export async function cancelCardOrder(db: Database, orderId: string, now: Date = new Date()): Promise<boolean> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const units = await closeUnpaidOrder(tx, { orderId, status: "cancelled", reason: "card_unavailable", now });
    if (units === null) return false;
    const [order] = await tx.select({ cartId: orders.cartId, userId: orders.userId }).from(orders).where(eq(orders.id, orderId));
    if (order?.cartId) {
      const open = order.userId
        ? await tx
            .select({ id: carts.id })
            .from(carts)
            .where(and(eq(carts.userId, order.userId), eq(carts.status, "open")))
        : [];
      if (open.length === 0) {
        await tx
          .update(carts)
          .set({ status: "open", updatedAt: now })
          .where(and(eq(carts.id, order.cartId), eq(carts.status, "ordered")));
      }
    }
    return true;
  });
}


export interface DeliveryPlaces {
  provinces: { code: string; nameVi: string; nameEn: string }[];
  /** Known communes by province code (only provinces whose communes the app lists). */
  communes: Record<string, { id: number; nameVi: string }[]>;
}

const vietnameseOrder = new Intl.Collator("vi");

/**
 * The 34 provinces and the communes the app knows, for the delivery address pickers, in Vietnamese alphabetical
 * order (Đắk Lắk under D, not after Vĩnh Long as the database's byte order would put it).
 */
export async function listDeliveryPlaces(db: Database): Promise<DeliveryPlaces> {
  const [provinceRows, communeRows] = await Promise.all([
    db.select({ code: provinces.code, nameVi: provinces.nameVi, nameEn: provinces.nameEn }).from(provinces),
    db.select({ id: communes.id, nameVi: communes.nameVi, provinceCode: communes.provinceCode }).from(communes),
  ]);
  provinceRows.sort((a, b) => vietnameseOrder.compare(a.nameVi, b.nameVi));
  communeRows.sort((a, b) => vietnameseOrder.compare(a.nameVi, b.nameVi));
  const byProvince: DeliveryPlaces["communes"] = {};
  for (const c of communeRows) (byProvince[c.provinceCode] ??= []).push({ id: c.id, nameVi: c.nameVi });
  return { provinces: provinceRows, communes: byProvince };
}
