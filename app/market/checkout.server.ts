/**
 * Turning a cart into an order: one order, one sub-order per cooperative, every line allocated to
 * batches first-expiring-first, all in one transaction. Prices and totals come from the database,
 * never from the form. Shipping is 0 for now (no carrier rates yet); the columns are there for it.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
import { cartItems, carts, communes, listings, orderEvents, orderLines, orders, organisations, payments, products, provinces, subOrders } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { orderPlacedMailSql } from "~/notifications/queue.server";
import type { Locale } from "~/lib/i18n";
import type { Logger } from "~/lib/logger";
import { systemActor, transact } from "~/lib/transact.server";
import { recallsOfProducts } from "~/recalls/recall-queries.server";
import { checkoutSchema, type CheckoutForm, type PaymentMethod } from "./checkout-schema";
import { newOrderNumber, subOrderReference } from "./order-number";
import { startCardCheckout, type CardPayments } from "./payments/card.server";
import { hasBankAccount } from "./payments/transfer.server";
import { CARD_RESERVATION_MINUTES, closeUnpaidOrder, planStockTakes, stockTakesSql } from "./stock.server";

export const SHIPPING_VND = 0;

/**
 * Most units of one product a checkout may hold before anyone has paid: a card order holds its stock while
 * the buyer is on Stripe (30 minutes), a cash-on-delivery order until its cooperative confirms it or it lapses.
 * Without a cap one anonymous cart could hold every unit of a product. Over it, the line is short (like a
 * listing's most-per-order) and the buyer sees how many can be ordered.
 */
export const UNPAID_HOLD_MAX_UNITS = 10;
const UNPAID_HOLD_METHODS: ReadonlySet<PaymentMethod> = new Set<PaymentMethod>(["card", "cash_on_delivery"]);

export interface Shortage {
  productId: string;
  nameVi: string;
  nameEn: string | null;
  requested: number;
  /** Units that can still be bought in one order now. */
  available: number;
  /** The recall that took the product's lots off sale, when one did: the refusal names it. */
  recall?: string;
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
 *
 * Four statements in the transaction, whatever the size of the cart (each one a round trip, and the batch
 * rows stay locked from the third to the commit): claim the cart and read its lines with their prices;
 * lock the batches on sale and plan the takes; write the order, its sub-orders, lines, payments and
 * history, the stock taken and the allocations, all in one; commit.
 */
export async function placeOrder(db: Database, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const { form } = input;
  const now = input.now ?? new Date();
  if (form.paymentMethod === "card" && !input.cardAvailable) {
    return { ok: false, reason: "invalid", fieldErrors: { paymentMethod: "checkout.v.paymentRequired" } };
  }
  const place = await resolveDeliveryPlace(db, form);
  if (!place.ok) return { ok: false, reason: "invalid", fieldErrors: place.fieldErrors };

  const actor = { userId: input.userId, organisationId: null };
  for (let attempt = 1; ; attempt++) {
    try {
      // A refusal returned from inside (after the cart was claimed) rolls the claim back too.
      // The order's history is its order_events rows: no audit statement is added to this hot path.
      return await transact(db, actor, (tx) => placeInTransaction(tx.db, input, place.place, now));
    } catch (error) {
      // The drawn order number was taken (about one draw in a trillion): everything rolled back; draw again.
      if (attempt < 8 && (isUniqueViolation(error, "orders_number_unique") || isUniqueViolation(error, "sub_orders_reference_unique"))) continue;
      throw error;
    }
  }
}

async function placeInTransaction(tx: Database, input: PlaceOrderInput, place: ResolvedPlace, now: Date): Promise<PlaceOrderResult> {
  const { cartId, userId, form, locale, today } = input;
  // Claiming the cart serialises double submissions: the second finds no open cart, hence no lines.
  const claimed = tx.$with("claimed").as(
    tx
      .update(carts)
      .set({ status: "ordered", updatedAt: now })
      .where(and(eq(carts.id, cartId), eq(carts.status, "open"), userId ? eq(carts.userId, userId) : sql`${carts.userId} is null`))
      .returning({ id: carts.id }),
  );
  const rows = await tx
    .with(claimed)
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
      bankBin: organisations.bankBin,
      bankAccountNumber: organisations.bankAccountNumber,
      bankAccountName: organisations.bankAccountName,
    })
    .from(cartItems)
    .innerJoin(claimed, eq(claimed.id, cartItems.cartId))
    .innerJoin(products, eq(products.id, cartItems.productId))
    .leftJoin(listings, eq(listings.productId, cartItems.productId))
    .leftJoin(organisations, eq(organisations.id, listings.organisationId))
    .orderBy(asc(cartItems.productId));
  // No lines: the cart was not open (or not this buyer's), or it was empty; either way nothing to order.
  if (rows.length === 0) return { ok: false, reason: "empty_cart" };
  const lines: PricedLine[] = rows.map((r) => ({
    ...r,
    organisationId: r.organisationId ?? "",
    unitPriceVnd: Number(r.unitPriceVnd ?? 0),
    buyable: Boolean(r.buyable) && r.organisationId !== null,
  }));
  const unbuyable = lines.filter((l) => !l.buyable);
  if (unbuyable.length > 0) {
    return {
      ok: false,
      reason: "unavailable",
      products: unbuyable.map((l) => ({ productId: l.productId, nameVi: l.nameVi, nameEn: l.nameEn })),
    };
  }
  // Each cooperative is paid into its own account: transfer only when every one of them has one.
  if (form.paymentMethod === "bank_transfer" && !rows.every(hasBankAccount)) {
    return { ok: false, reason: "invalid", fieldErrors: { paymentMethod: "checkout.v.transferUnavailable" } };
  }

  // Ids are drawn here, so that every row can be written in one statement.
  const orderId = randomUUID();
  const lineIdOf = new Map(lines.map((l) => [l.productId, randomUUID()]));
  // Lines over the listing's most-per-order (or, for an order that holds stock unpaid, the hold cap) are refused
  // as short; the others are planned (locking their batches). Worked out from the rows read: no extra round trip.
  const holdCap = UNPAID_HOLD_METHODS.has(form.paymentMethod) ? UNPAID_HOLD_MAX_UNITS : null;
  const mostPerOrder = (l: PricedLine) => Math.min(l.maxPerOrder ?? Number.POSITIVE_INFINITY, holdCap ?? Number.POSITIVE_INFINITY);
  const tooMany = lines.filter((l) => l.quantity > mostPerOrder(l));
  const plan = await planStockTakes(
    tx,
    lines.filter((l) => !tooMany.includes(l)).map((l) => ({ lineId: lineIdOf.get(l.productId)!, productId: l.productId, quantity: l.quantity })),
    today,
  );
  const short = new Map<string, number>(tooMany.map((l) => [l.productId, mostPerOrder(l)]));
  if (!plan.ok) {
    for (const s of plan.shortages) {
      const line = lines.find((l) => l.productId === s.productId)!;
      short.set(s.productId, Math.min(s.available, mostPerOrder(line)));
    }
  }
  if (short.size > 0) {
    const shortages = lines
      .filter((l) => short.has(l.productId))
      .map((l) => ({ productId: l.productId, nameVi: l.nameVi, nameEn: l.nameEn, requested: l.quantity, available: short.get(l.productId)! }));
    // Only on this refusal path: which of the short products a recall took off sale.
    const recalled = await recallsOfProducts(tx, shortages.map((s) => s.productId));
    return { ok: false, reason: "insufficient_stock", shortages: shortages.map((s) => (recalled.has(s.productId) ? { ...s, recall: recalled.get(s.productId)! } : s)) };
  }
  const takes = plan.ok ? plan.takes : [];

  const subtotalVnd = lines.reduce((sum, l) => sum + l.unitPriceVnd * l.quantity, 0);
  const isCard = form.paymentMethod === "card";
  const status = isCard ? "awaiting_payment" : "placed";
  const number = newOrderNumber();
  // One sub-order per cooperative, numbered in the order of the cooperatives' ids (stable).
  const subs = [...new Set(lines.map((l) => l.organisationId))].sort().map((organisationId, i) => {
    const totalVnd = lines.filter((l) => l.organisationId === organisationId).reduce((sum, l) => sum + l.unitPriceVnd * l.quantity, 0);
    return { id: randomUUID(), organisationId, reference: subOrderReference(number, i + 1), totalVnd };
  });
  const subOrderOf = new Map(subs.map((s) => [s.organisationId, s.id]));

  const writes = [
    tx.insert(orders).values({
      id: orderId,
      number,
      userId,
      cartId,
      status,
      paymentMethod: form.paymentMethod,
      contactName: form.contactName,
      phone: form.phone,
      email: form.email ?? null,
      deliveryProvinceCode: place.provinceCode,
      deliveryCommuneId: place.communeId,
      deliveryCommuneName: place.communeName,
      deliveryAddress: form.address,
      deliveryNote: form.note ?? null,
      subtotalVnd,
      shippingVnd: SHIPPING_VND,
      totalVnd: subtotalVnd + SHIPPING_VND,
      reservedUntil: isCard ? new Date(now.getTime() + CARD_RESERVATION_MINUTES * 60_000) : null,
      locale,
      createdAt: now,
      updatedAt: now,
    }),
    tx.insert(subOrders).values(
      subs.map((s) => ({ id: s.id, orderId, organisationId: s.organisationId, reference: s.reference, subtotalVnd: s.totalVnd, shippingVnd: 0, totalVnd: s.totalVnd, createdAt: now, updatedAt: now })),
    ),
    tx.insert(orderLines).values(
      lines.map((l) => ({
        id: lineIdOf.get(l.productId)!,
        subOrderId: subOrderOf.get(l.organisationId)!,
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
    ),
    tx.insert(orderEvents).values([
      { orderId, status, details: { paymentMethod: form.paymentMethod }, createdAt: now },
      ...subs.map((s) => ({ orderId, subOrderId: s.id, status: "pending", details: { reference: s.reference }, createdAt: now })),
    ]),
  ].map((q) => q.getSQL());
  if (!isCard) {
    const provider = form.paymentMethod === "bank_transfer" ? ("vietqr" as const) : ("cash" as const);
    writes.push(
      tx
        .insert(payments)
        .values(subs.map((s) => ({ orderId, subOrderId: s.id, provider, status: "pending" as const, amountVnd: s.totalVnd, reference: s.reference, createdAt: now, updatedAt: now })))
        .getSQL(),
    );
  }
  // The buyer's confirmation and each cooperative's alert are queued with the order (a card order's when it is paid):
  // committed together or not at all, and sent later by the mail worker, never inside this transaction.
  if (!isCard) writes.push(...orderPlacedMailSql({ orderId, email: form.email ?? null, locale, subOrders: subs }));
  const subOrderOfLine = new Map(lines.map((l) => [lineIdOf.get(l.productId)!, subOrderOf.get(l.organisationId)!]));
  const stock = stockTakesSql(takes, { orderId, subOrderOfLine });
  writes.push(stock.update);
  // One statement: the WITH members run once each, and the foreign keys are checked at its end, when every row is in.
  await tx.execute(sql`with ${sql.join(
    writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
    sql`, `,
  )} ${stock.insert}`);
  return { ok: true as const, orderId, number, paymentMethod: form.paymentMethod, totalVnd: subtotalVnd + SHIPPING_VND };
}

export type CheckOutResult =
  | (Extract<PlaceOrderResult, { ok: true }> & { /** Where the buyer pays by card (Stripe Checkout); null for the other ways. */ cardUrl: string | null })
  | Exclude<PlaceOrderResult, { ok: true }>
  | { ok: false; reason: "card_failed" };

/**
 * The checkout form sent: the form is parsed with its schema, the order placed, and a card order's
 * Stripe session started. When the session cannot start, the order is cancelled at once (stock back,
 * cart open again) and the refusal `card_failed` lets the buyer choose another way to pay.
 */
export async function checkOut(
  db: Database,
  card: CardPayments | null,
  logger: Logger,
  input: Omit<PlaceOrderInput, "form" | "cardAvailable"> & { form: unknown; baseUrl: string },
): Promise<CheckOutResult> {
  const parsed = parseInput(checkoutSchema, input.form);
  if (!parsed.ok) return { ok: false, reason: "invalid", fieldErrors: parsed.fieldErrors ?? {} };
  const placed = await placeOrder(db, { ...input, form: parsed.input, cardAvailable: card !== null });
  if (!placed.ok) return placed;
  if (placed.paymentMethod !== "card" || !card) return { ...placed, cardUrl: null };
  const now = input.now ?? new Date();
  const started = await startCardCheckout(db, card, logger, { orderId: placed.orderId, baseUrl: input.baseUrl, locale: input.locale }, now);
  if (started.ok) return { ...placed, cardUrl: started.url };
  await cancelCardOrder(db, placed.orderId, now);
  return { ok: false, reason: "card_failed" };
}

/**
 * The card payment could not start: the order is cancelled, its stock returns, and the cart it came
 * from opens again so the consumer can choose another way to pay. Nothing happens twice.
 */
export async function cancelCardOrder(db: Database, orderId: string, now: Date = new Date()): Promise<boolean> {
  const result = await transact(db, systemActor, async ({ db: tx }) => {
    const units = await closeUnpaidOrder(tx, { orderId, status: "cancelled", reason: "card_unavailable", now });
    if (units === null) return { ok: true, cancelled: false };
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
    return { ok: true, cancelled: true };
  });
  return result.ok && result.cancelled;
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
