/**
 * Stock on sale, taken from batches first-expiring-first and given back on cancellation or when a
 * card reservation lapses. See docs/decisions/0007-stock-allocation-and-reservations.md.
 *
 * A checkout locks the batches on sale of its products (SELECT ... FOR UPDATE, in one order for everyone),
 * plans its takes from the units read under that lock, and writes them in one statement: two checkouts
 * racing for the same units take turns, and the second sees what the first left. batch_stock's CHECK
 * (units_available >= 0) backs this up.
 */
import { and, asc, eq, inArray, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { intArray, uuidArray, type Database } from "#db/client.server";
import { queueMail } from "~/notifications/queue.server";
import { isLocale, localized, translate } from "~/lib/i18n";
import { systemActor, transact } from "~/lib/transact.server";
import {
  batches,
  batchStock,
  listings,
  orderEvents,
  orderLineAllocations,
  orderLines,
  orders,
  organisations,
  payments,
  subOrders,
} from "#db/schema";
import { planAllocations, type AllocationPlan, type BatchOnSale, type LineRequest, type Take } from "./allocation";
import { getSellableStock, sellableBatchCondition } from "./listings.server";

/** How long a card order holds its stock while the consumer pays on Stripe. */
export const CARD_RESERVATION_MINUTES = 30;

/** Units on sale per product across its sellable batches (the catalogue's one definition of "sellable"). */
export function countSellableUnits(db: Database, productIds: string[], today: string): Promise<Map<string, number>> {
  return getSellableStock(db, productIds, today);
}

/**
 * The one order in which batch rows are locked, by checkouts and by stock given back alike: product, then
 * first-expiring-first (expiry, else best-before), then oldest, then id. Every transaction taking its batch
 * locks in this order, none can wait on another in a cycle.
 */
const lockOrder = () => [
  asc(batchStock.productId),
  sql`coalesce(${batches.expiresOn}, ${batches.bestBefore}) asc nulls last`,
  asc(batches.producedOn),
  asc(batchStock.batchId),
];

/** Units per batch, summed over rows that name a batch more than once (several lines, several sub-orders). */
function unitsPerBatch(rows: readonly { batchId: string; quantity: number }[]): Map<string, number> {
  const perBatch = new Map<string, number>();
  for (const r of rows) perBatch.set(r.batchId, (perBatch.get(r.batchId) ?? 0) + r.quantity);
  return perBatch;
}

/** Ids in PostgreSQL's uuid order (byte order, which is the order of their lowercase hex text). */
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Locks the sellable batches of the products with units left, product by product and first-expiring-first
 * within each (then oldest, then by id): the one order in which every checkout and every cancellation takes
 * batch rows, so they cannot deadlock. Under the lock the units read are the latest committed ones.
 */
async function lockBatchesOnSale(tx: Database, productIds: string[], today: string): Promise<BatchOnSale[]> {
  if (productIds.length === 0) return [];
  return tx
    .select({ batchId: batchStock.batchId, productId: batchStock.productId, available: batchStock.unitsAvailable })
    .from(batchStock)
    .innerJoin(batches, eq(batches.id, batchStock.batchId))
    .innerJoin(listings, eq(listings.productId, batchStock.productId))
    .innerJoin(organisations, eq(organisations.id, batchStock.organisationId))
    .where(
      and(
        inArray(batchStock.productId, productIds),
        sql`${batchStock.unitsAvailable} > 0`,
        eq(listings.status, "listed"),
        eq(organisations.status, "active"),
        sellableBatchCondition(today),
      ),
    )
    .orderBy(...lockOrder())
    .for("update", { of: batchStock });
}

/**
 * Locks the batches the lines can take from and plans the takes (app/market/allocation.ts). Run inside the
 * order's transaction; the locks hold until it ends, so the plan stays true until `stockTakesSql` writes it.
 * Lines are planned in product order.
 */
export async function planStockTakes(tx: Database, lines: LineRequest[], today: string): Promise<AllocationPlan> {
  if (lines.length === 0) return { ok: true, takes: [] };
  const ordered = [...lines].sort((a, b) => compareIds(a.productId, b.productId) || compareIds(a.lineId, b.lineId));
  const onSale = await lockBatchesOnSale(tx, [...new Set(ordered.map((l) => l.productId))], today);
  return planAllocations(ordered, onSale);
}

/**
 * A plan's writes as two statements to put in one: the stock taken from the (already locked) batches as a
 * data-modifying WITH member, and the allocations' insert. `with taken as (${update}) ${insert}`.
 */
export function stockTakesSql(takes: Take[], orderOfLines?: { orderId: string; subOrderOfLine: ReadonlyMap<string, string> }): { update: SQL; insert: SQL } {
  const perBatch = unitsPerBatch(takes);
  const update = sql`update batch_stock bs set units_available = bs.units_available - t.n, updated_at = now()
    from unnest(${uuidArray([...perBatch.keys()])}, ${intArray([...perBatch.values()])}) as t(batch_id, n)
    where bs.batch_id = t.batch_id`;
  const columns = sql`${uuidArray(takes.map((t) => t.lineId))}, ${uuidArray(takes.map((t) => t.batchId))}, ${intArray(takes.map((t) => t.quantity))}`;
  // Each allocation carries its line's sub-order and order (decision 0021): given when the lines are written in the
  // same statement (the checkout), else read from the lines already stored.
  const insert = orderOfLines
    ? sql`insert into order_line_allocations (order_line_id, batch_id, quantity, sub_order_id, order_id)
        select t.line_id, t.batch_id, t.quantity, t.sub_order_id, ${orderOfLines.orderId}::uuid
        from unnest(${columns}, ${uuidArray(takes.map((t) => orderOfLines.subOrderOfLine.get(t.lineId)!))}) as t(line_id, batch_id, quantity, sub_order_id)`
    : sql`insert into order_line_allocations (order_line_id, batch_id, quantity, sub_order_id, order_id)
        select t.line_id, t.batch_id, t.quantity, ol.sub_order_id, so.order_id
        from unnest(${columns}) as t(line_id, batch_id, quantity)
        join order_lines ol on ol.id = t.line_id join sub_orders so on so.id = ol.sub_order_id`;
  return { update, insert };
}

/**
 * Allocates every line to batches, first-expiring-first, and records the allocations: all lines or none.
 * When a line cannot be met nothing is written, and the answer names the short lines with what is left.
 */
export async function allocateLines(tx: Database, lines: LineRequest[], today: string): Promise<AllocationPlan> {
  const plan = await planStockTakes(tx, lines, today);
  if (plan.ok && plan.takes.length > 0) {
    const { update, insert } = stockTakesSql(plan.takes);
    await tx.execute(sql`with taken as (${update}) ${insert}`);
  }
  return plan;
}

/**
 * Gives back the units still held by a sub-order's lines and marks their allocations released.
 * Idempotent: a second call (or a concurrent one) finds nothing left to release and returns 0.
 */
export function releaseSubOrderStock(tx: Database, subOrderId: string, now: Date = new Date()): Promise<number> {
  return releaseStock(tx, [subOrderId], now);
}

/**
 * The same for several sub-orders of one order at once: their batches are given back together, in the order
 * checkout takes them (product, then first-expiring-first), so that giving back and taking lock batch rows in one
 * order and cannot deadlock (one sub-order after another would walk the products in sub-order order).
 */
async function releaseStock(tx: Database, subOrderIds: string[], now: Date): Promise<number> {
  if (subOrderIds.length === 0) return 0;
  const released = await tx
    .update(orderLineAllocations)
    .set({ releasedAt: now })
    .where(
      and(
        isNull(orderLineAllocations.releasedAt),
        inArray(orderLineAllocations.orderLineId, tx.select({ id: orderLines.id }).from(orderLines).where(inArray(orderLines.subOrderId, subOrderIds))),
      ),
    )
    .returning({ batchId: orderLineAllocations.batchId, quantity: orderLineAllocations.quantity });
  const perBatch = unitsPerBatch(released);
  if (perBatch.size === 0) return 0;
  // Lock the batches in checkout's order, then give every one back in one statement.
  await tx
    .select({ batchId: batchStock.batchId })
    .from(batchStock)
    .innerJoin(batches, eq(batches.id, batchStock.batchId))
    .where(inArray(batchStock.batchId, [...perBatch.keys()]))
    .orderBy(...lockOrder())
    .for("update", { of: batchStock });
  // Never above what is on sale, should the cooperative have lowered it meanwhile.
  await tx.execute(sql`update batch_stock bs set units_available = least(bs.units_on_sale, bs.units_available + t.n), updated_at = now()
    from unnest(${uuidArray([...perBatch.keys()])}, ${intArray([...perBatch.values()])}) as t(batch_id, n)
    where bs.batch_id = t.batch_id`);
  return released.reduce((sum, r) => sum + r.quantity, 0);
}

/**
 * Cancels an order that has not been paid (its reservation lapsed, or the card payment could not
 * start): order and open sub-orders change status, stock returns, pending payments expire, history
 * records it. Only an order still `awaiting_payment` changes, so this happens once. Returns the units
 * given back, or null when the order was no longer awaiting payment.
 */
export async function closeUnpaidOrder(
  tx: Database,
  input: { orderId: string; status: "lapsed" | "cancelled"; reason: string; now: Date },
): Promise<number | null> {
  const { orderId, status, reason, now } = input;
  const [changed] = await tx
    .update(orders)
    .set({ status, updatedAt: now })
    .where(and(eq(orders.id, orderId), eq(orders.status, "awaiting_payment")))
    .returning({ id: orders.id });
  if (!changed) return null;
  await tx.insert(orderEvents).values({ orderId, status, details: { reason }, createdAt: now });
  const subs = await tx
    .update(subOrders)
    .set({ status: "cancelled", cancelReason: reason, updatedAt: now })
    .where(and(eq(subOrders.orderId, orderId), eq(subOrders.status, "pending")))
    .returning({ id: subOrders.id });
  const units = await releaseStock(
    tx,
    subs.map((sub) => sub.id),
    now,
  );
  if (subs.length > 0) {
    await tx.insert(orderEvents).values(subs.map((sub) => ({ orderId, subOrderId: sub.id, status: "cancelled" as const, details: { reason }, createdAt: now })));
  }
  await tx
    .update(payments)
    .set({ status: "expired", updatedAt: now })
    .where(and(eq(payments.orderId, orderId), eq(payments.status, "pending")));
  return units;
}

/**
 * Card orders whose reservation ran out before payment: each becomes `lapsed`, its stock returns,
 * its pending Stripe payment expires. Returns the number of orders lapsed; running it twice (or on
 * two servers at once) returns each order's stock exactly once.
 */
export async function lapseExpiredReservations(db: Database, now: Date = new Date()): Promise<number> {
  const due = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "awaiting_payment"), lt(orders.reservedUntil, now)))
    .orderBy(orders.reservedUntil)
    .limit(500);
  let lapsed = 0;
  for (const order of due) {
    const closed = await transact(db, systemActor, async ({ db: tx }) => ({
      ok: true,
      units: await closeUnpaidOrder(tx, { orderId: order.id, status: "lapsed", reason: "reservation_lapsed", now }),
    }));
    if (closed.ok && closed.units !== null) lapsed += 1;
  }
  return lapsed;
}

/** How long a cash-on-delivery order waits for its cooperative by default (organisations.cash_hold_hours). */
export const DEFAULT_CASH_HOLD_HOURS = 48;
/** The cancel reason of a cash sub-order its cooperative did not confirm in time. */
export const CASH_UNCONFIRMED = "cash_unconfirmed";

/**
 * Cash-on-delivery sub-orders still `pending` (their cooperative neither confirmed nor cancelled them)
 * once the cooperative's hold period (organisations.cash_hold_hours, 48 h by default) has passed since
 * the order: each is cancelled, its stock returns, its cash payment expires, and the buyer is told by
 * mail (when the order has an address). The order is cancelled when none of its sub-orders is left.
 * One transaction per order; running it twice, or on two servers at once, changes each sub-order once.
 */
export async function lapseUnconfirmedCashOrders(db: Database, now: Date = new Date()): Promise<number> {
  const due = await db
    .select({ orderId: subOrders.orderId, subOrderId: subOrders.id })
    .from(subOrders)
    .innerJoin(orders, eq(orders.id, subOrders.orderId))
    .innerJoin(organisations, eq(organisations.id, subOrders.organisationId))
    .where(
      and(
        eq(orders.paymentMethod, "cash_on_delivery"),
        eq(subOrders.status, "pending"),
        sql`${subOrders.createdAt} + make_interval(hours => ${organisations.cashHoldHours}) < ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(subOrders.createdAt, subOrders.id)
    .limit(500);
  const byOrder = new Map<string, string[]>();
  for (const row of due) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row.subOrderId]);
  let lapsed = 0;
  const messageIds: string[] = [];
  for (const [orderId, subOrderIds] of byOrder) {
    const result = await transact(db, systemActor, async (tx) => {
      const subs = await tx.db
        .update(subOrders)
        .set({ status: "cancelled", cancelReason: CASH_UNCONFIRMED, updatedAt: now })
        .where(and(inArray(subOrders.id, subOrderIds), eq(subOrders.status, "pending")))
        .returning({ id: subOrders.id, organisationId: subOrders.organisationId, reference: subOrders.reference });
      if (subs.length === 0) return { ok: true, count: 0, messageId: null };
      const ids = subs.map((sub) => sub.id);
      await releaseStock(tx.db, ids, now);
      await tx.db
        .update(payments)
        .set({ status: "expired", updatedAt: now })
        .where(and(inArray(payments.subOrderId, ids), eq(payments.status, "pending")));
      await tx.db
        .insert(orderEvents)
        .values(subs.map((sub) => ({ orderId, subOrderId: sub.id, status: "cancelled", details: { reason: CASH_UNCONFIRMED }, createdAt: now })));
      for (const sub of subs) {
        await tx.audit({ organisationId: sub.organisationId, entityType: "sub_order", entityId: sub.id, action: "lapse", after: { status: "cancelled", cancelReason: CASH_UNCONFIRMED } });
      }
      const [open] = await tx.db
        .select({ id: subOrders.id })
        .from(subOrders)
        .where(and(eq(subOrders.orderId, orderId), ne(subOrders.status, "cancelled")))
        .limit(1);
      if (!open) {
        const [closed] = await tx.db
          .update(orders)
          .set({ status: "cancelled", updatedAt: now })
          .where(and(eq(orders.id, orderId), eq(orders.status, "placed")))
          .returning({ id: orders.id });
        if (closed) await tx.db.insert(orderEvents).values({ orderId, status: "cancelled", details: { reason: "all_sub_orders_cancelled" }, createdAt: now });
      }
      const [order] = await tx.db.select({ number: orders.number, email: orders.email, locale: orders.locale }).from(orders).where(eq(orders.id, orderId));
      let messageId: string | null = null;
      if (order?.email) {
        const locale = isLocale(order.locale) ? order.locale : "vi";
        const sellers = await tx.db
          .select({ name: organisations.name, nameEn: organisations.nameEn })
          .from(organisations)
          .where(inArray(organisations.id, [...new Set(subs.map((sub) => sub.organisationId))]))
          .orderBy(organisations.name);
        messageId = await queueMail(tx.db, {
          to: order.email.toLowerCase(),
          locale,
          kind: "cash_order_lapsed",
          subject: translate(locale, "orders.mail.cashLapsed.subject", { number: order.number }),
          bodyText: translate(locale, "orders.mail.cashLapsed.body", {
            number: order.number,
            references: subs.map((sub) => sub.reference).sort().join(", "),
            sellers: sellers.map((o) => localized(locale, o.name, o.nameEn)).join(", "),
          }),
        });
      }
      return { ok: true, count: subs.length, messageId };
    });
    if (result.ok && result.count > 0) lapsed += 1;
    if (result.ok && result.messageId) messageIds.push(result.messageId);
  }
  return lapsed;
}
