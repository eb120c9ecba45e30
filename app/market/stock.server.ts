/**
 * Stock on sale, taken from batches first-expiring-first and given back on cancellation or when a
 * card reservation lapses. See docs/decisions/0007-stock-allocation-and-reservations.md.
 *
 * Every decrement is a conditional UPDATE (`units_available >= n`), so two checkouts racing for the
 * same units cannot both get them; batch_stock's CHECK (units_available >= 0) backs this up.
 */
import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
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
import { getSellableStock, sellableBatchCondition } from "./listings.server";

/** How long a card order holds its stock while the consumer pays on Stripe. */
export const CARD_RESERVATION_MINUTES = 30;

export interface Allocation {
  batchId: string;
  quantity: number;
}

export type AllocateResult =
  | { ok: true; allocations: Allocation[] }
  | { ok: false; reason: "insufficient_stock"; available: number };

/** Units on sale per product across its sellable batches (the catalogue's one definition of "sellable"). */
export function countSellableUnits(db: Database, productIds: string[], today: string): Promise<Map<string, number>> {
  return getSellableStock(db, productIds, today);
}

/** Orders batches as checkout allocates them: by product (checkout takes lines in product order), then as below. */
async function inAllocationOrder(tx: Database, batchIds: string[]): Promise<string[]> {
  if (batchIds.length <= 1) return batchIds;
  const rows = await tx
    .select({ id: batches.id })
    .from(batches)
    .where(inArray(batches.id, batchIds))
    .orderBy(asc(batches.productId), sql`coalesce(${batches.expiresOn}, ${batches.bestBefore}) asc nulls last`, asc(batches.producedOn), asc(batches.id));
  return rows.map((r) => r.id);
}

/** Sellable batches of a product with units left, first-expiring-first (then oldest, then by id). */
async function sellableBatches(tx: Database, productId: string, today: string): Promise<{ batchId: string; available: number }[]> {
  return tx
    .select({ batchId: batchStock.batchId, available: batchStock.unitsAvailable })
    .from(batchStock)
    .innerJoin(batches, eq(batches.id, batchStock.batchId))
    .innerJoin(listings, eq(listings.productId, batchStock.productId))
    .innerJoin(organisations, eq(organisations.id, batchStock.organisationId))
    .where(
      and(
        eq(batchStock.productId, productId),
        sql`${batchStock.unitsAvailable} > 0`,
        eq(listings.status, "listed"),
        eq(organisations.status, "active"),
        sellableBatchCondition(today),
      ),
    )
    .orderBy(sql`coalesce(${batches.expiresOn}, ${batches.bestBefore}) asc nulls last`, asc(batches.producedOn), asc(batchStock.batchId));
}

/** Takes `n` units of a batch if it still has them; false when a concurrent checkout got there first. */
async function takeUnits(tx: Database, batchId: string, n: number): Promise<number | null> {
  const rows = await tx
    .update(batchStock)
    .set({ unitsAvailable: sql`${batchStock.unitsAvailable} - ${n}`, updatedAt: sql`now()` })
    .where(and(eq(batchStock.batchId, batchId), sql`${batchStock.unitsAvailable} >= ${n}`))
    .returning({ left: batchStock.unitsAvailable });
  return rows.length === 1 ? rows[0]!.left : null;
}

async function currentUnits(tx: Database, batchId: string): Promise<number> {
  const [row] = await tx.select({ units: batchStock.unitsAvailable }).from(batchStock).where(eq(batchStock.batchId, batchId));
  return row?.units ?? 0;
}

async function giveBack(tx: Database, batchId: string, n: number): Promise<void> {
  await tx
    .update(batchStock)
    .set({
      // Never above what is on sale, should the cooperative have lowered it meanwhile.
      unitsAvailable: sql`least(${batchStock.unitsOnSale}, ${batchStock.unitsAvailable} + ${n})`,
      updatedAt: sql`now()`,
    })
    .where(eq(batchStock.batchId, batchId));
}

/**
 * Allocates `quantity` units of a product to an order line, first-expiring-first, and records the
 * allocations. Run inside the order's transaction. When the units are not there it changes nothing
 * (what it took is given back) and says how many are left to sell.
 */
export async function allocateStock(
  tx: Database,
  input: { orderLineId: string; productId: string; quantity: number; today: string },
): Promise<AllocateResult> {
  const { orderLineId, productId, quantity, today } = input;
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`quantity must be a positive integer: ${quantity}`);
  const taken: Allocation[] = [];
  let remaining = quantity;
  for (const batch of await sellableBatches(tx, productId, today)) {
    let seen = batch.available;
    while (remaining > 0 && seen > 0) {
      const n = Math.min(remaining, seen);
      const left = await takeUnits(tx, batch.batchId, n);
      if (left !== null) {
        taken.push({ batchId: batch.batchId, quantity: n });
        remaining -= n;
        break;
      }
      // Someone else took units of this batch since we looked: read what is left and try again.
      seen = await currentUnits(tx, batch.batchId);
    }
    if (remaining === 0) break;
  }
  if (remaining > 0) {
    for (const t of taken) await giveBack(tx, t.batchId, t.quantity);
    const available = (await countSellableUnits(tx, [productId], today)).get(productId) ?? 0;
    return { ok: false, reason: "insufficient_stock", available };
  }
  await tx.insert(orderLineAllocations).values(taken.map((t) => ({ orderLineId, batchId: t.batchId, quantity: t.quantity })));
  return { ok: true, allocations: taken };
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
  const perBatch = new Map<string, number>();
  for (const r of released) perBatch.set(r.batchId, (perBatch.get(r.batchId) ?? 0) + r.quantity);
  for (const batchId of await inAllocationOrder(tx, [...perBatch.keys()])) await giveBack(tx, batchId, perBatch.get(batchId)!);
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
    const units = await db.transaction(async (tx) =>
      closeUnpaidOrder(tx as unknown as Database, { orderId: order.id, status: "lapsed", reason: "reservation_lapsed", now }),
    );
    if (units !== null) lapsed += 1;
  }
  return lapsed;
}
