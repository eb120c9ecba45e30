/**
 * Reading orders: the cooperative's queue and detail (always filtered by the organisation), the
 * consumer's order page (by account or granted order number) and the look-up by number and phone.
 */
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { clearAttempts, takeAttempt, throttleRules } from "~/lib/throttle.server";
import {
  batches,
  orderEvents,
  orderLineAllocations,
  orderLines,
  orders,
  organisations,
  payments,
  provinces,
  refunds,
  subOrders,
  users,
} from "#db/schema";
import { subOrderStatuses, type PaymentMethod, type PaymentState, type SubOrderStatus } from "./fulfilment-schema";

export const QUEUE_PAGE_SIZE = 20;

/** Sub-orders of these orders are real work for a cooperative; a card order not yet paid is not. */
const QUEUED_ORDER_STATUSES = ["placed", "cancelled"] as const;

export interface QueueRow {
  id: string;
  reference: string;
  orderNumber: string;
  createdAt: Date;
  contactName: string;
  status: SubOrderStatus;
  paymentStatus: PaymentState;
  paymentMethod: PaymentMethod;
  totalVnd: number;
  itemCount: number;
}

export interface Queue {
  rows: QueueRow[];
  counts: Record<SubOrderStatus, number> & { all: number };
  page: number;
  pages: number;
}

/** The cooperative's sub-orders, newest first, one page at a time, with a count per status. */
export async function listCooperativeSubOrders(
  db: Database,
  organisationId: string,
  filter: { status?: SubOrderStatus | null; page?: number; pageSize?: number } = {},
): Promise<Queue> {
  const pageSize = filter.pageSize ?? QUEUE_PAGE_SIZE;
  const visible = and(eq(subOrders.organisationId, organisationId), inArray(orders.status, [...QUEUED_ORDER_STATUSES]));
  const countRows = await db
    .select({ status: subOrders.status, n: count() })
    .from(subOrders)
    .innerJoin(orders, eq(orders.id, subOrders.orderId))
    .where(visible)
    .groupBy(subOrders.status);
  const counts = Object.fromEntries(subOrderStatuses.map((s) => [s, 0])) as Record<SubOrderStatus, number>;
  for (const r of countRows) counts[r.status] = Number(r.n);
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const matching = filter.status ? counts[filter.status] : all;
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1)), pages);
  const rows = await db
    .select({
      id: subOrders.id,
      reference: subOrders.reference,
      orderNumber: orders.number,
      createdAt: subOrders.createdAt,
      contactName: orders.contactName,
      status: subOrders.status,
      paymentStatus: subOrders.paymentStatus,
      paymentMethod: orders.paymentMethod,
      totalVnd: subOrders.totalVnd,
      itemCount: sql<number>`(select coalesce(sum(${orderLines.quantity}), 0)::int from ${orderLines} where ${orderLines.subOrderId} = ${subOrders.id})`,
    })
    .from(subOrders)
    .innerJoin(orders, eq(orders.id, subOrders.orderId))
    .where(filter.status ? and(visible, eq(subOrders.status, filter.status)) : visible)
    .orderBy(desc(subOrders.createdAt), desc(subOrders.reference))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows: rows.map((r) => ({ ...r, itemCount: Number(r.itemCount) })), counts: { ...counts, all }, page, pages };
}

/** Sub-orders waiting for the cooperative (shown on the workspace overview). */
export async function countPendingSubOrders(db: Database, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(subOrders)
    .innerJoin(orders, eq(orders.id, subOrders.orderId))
    .where(and(eq(subOrders.organisationId, organisationId), eq(subOrders.status, "pending"), eq(orders.status, "placed")));
  return Number(row?.n ?? 0);
}

export interface AllocationView {
  batchId: string;
  lotCode: string;
  shortCode: string;
  quantity: number;
  released: boolean;
}

export interface LineView {
  id: string;
  productId: string;
  productNameVi: string;
  productNameEn: string | null;
  unitVi: string;
  unitEn: string;
  unitPriceVnd: number;
  quantity: number;
  lineTotalVnd: number;
  allocations: AllocationView[];
}

export interface EventView {
  id: string;
  subOrderId: string | null;
  status: string;
  details: Record<string, unknown>;
  actorName: string | null;
  createdAt: Date;
}

export interface PaymentView {
  id: string;
  subOrderId: string | null;
  provider: "stripe" | "vietqr" | "cash";
  status: "pending" | "succeeded" | "failed" | "expired";
  amountVnd: number;
  reference: string | null;
  confirmedAt: Date | null;
}

export interface RefundView {
  id: string;
  subOrderId: string;
  amountVnd: number;
  reason: string | null;
  createdAt: Date;
}

export interface SubOrderView {
  id: string;
  reference: string;
  organisationId: string;
  organisationName: string;
  organisationNameEn: string | null;
  status: SubOrderStatus;
  paymentStatus: PaymentState;
  subtotalVnd: number;
  shippingVnd: number;
  totalVnd: number;
  refundedVnd: number;
  carrier: string | null;
  trackingNumber: string | null;
  cancelReason: string | null;
  createdAt: Date;
  lines: LineView[];
  events: EventView[];
  payments: PaymentView[];
  refunds: RefundView[];
}

export interface OrderView {
  id: string;
  number: string;
  userId: string | null;
  status: "awaiting_payment" | "placed" | "lapsed" | "cancelled";
  paymentMethod: PaymentMethod;
  contactName: string;
  phone: string;
  email: string | null;
  provinceNameVi: string;
  provinceNameEn: string;
  communeName: string;
  address: string;
  note: string | null;
  subtotalVnd: number;
  shippingVnd: number;
  totalVnd: number;
  reservedUntil: Date | null;
  createdAt: Date;
  /** Events of the order itself (placed, paid by card, lapsed, cancelled). */
  events: EventView[];
  payments: PaymentView[];
  subOrders: SubOrderView[];
}

/** Loads an order with the given sub-orders (all of them, or only one cooperative's). */
async function loadOrder(db: Database, where: { orderId: string; organisationId?: string; subOrderId?: string }): Promise<OrderView | null> {
  const [order] = await db
    .select({
      id: orders.id,
      number: orders.number,
      userId: orders.userId,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      contactName: orders.contactName,
      phone: orders.phone,
      email: orders.email,
      provinceNameVi: provinces.nameVi,
      provinceNameEn: provinces.nameEn,
      communeName: orders.deliveryCommuneName,
      address: orders.deliveryAddress,
      note: orders.deliveryNote,
      subtotalVnd: orders.subtotalVnd,
      shippingVnd: orders.shippingVnd,
      totalVnd: orders.totalVnd,
      reservedUntil: orders.reservedUntil,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .innerJoin(provinces, eq(provinces.code, orders.deliveryProvinceCode))
    .where(eq(orders.id, where.orderId));
  if (!order) return null;
  const subConditions = [eq(subOrders.orderId, order.id)];
  if (where.organisationId) subConditions.push(eq(subOrders.organisationId, where.organisationId));
  if (where.subOrderId) subConditions.push(eq(subOrders.id, where.subOrderId));
  const subs = await db
    .select({
      id: subOrders.id,
      reference: subOrders.reference,
      organisationId: subOrders.organisationId,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
      status: subOrders.status,
      paymentStatus: subOrders.paymentStatus,
      subtotalVnd: subOrders.subtotalVnd,
      shippingVnd: subOrders.shippingVnd,
      totalVnd: subOrders.totalVnd,
      refundedVnd: subOrders.refundedVnd,
      carrier: subOrders.carrier,
      trackingNumber: subOrders.trackingNumber,
      cancelReason: subOrders.cancelReason,
      createdAt: subOrders.createdAt,
    })
    .from(subOrders)
    .innerJoin(organisations, eq(organisations.id, subOrders.organisationId))
    .where(and(...subConditions))
    .orderBy(asc(subOrders.reference));
  const subIds = subs.map((s) => s.id);
  const [lines, allocations, events, paymentRows, refundRows] = await Promise.all([
    subIds.length
      ? db.select().from(orderLines).where(inArray(orderLines.subOrderId, subIds)).orderBy(asc(orderLines.productNameVi), asc(orderLines.id))
      : Promise.resolve([]),
    subIds.length
      ? db
          .select({
            orderLineId: orderLineAllocations.orderLineId,
            batchId: orderLineAllocations.batchId,
            lotCode: batches.lotCode,
            shortCode: batches.shortCode,
            quantity: orderLineAllocations.quantity,
            releasedAt: orderLineAllocations.releasedAt,
            expiresOn: batches.expiresOn,
          })
          .from(orderLineAllocations)
          .innerJoin(orderLines, eq(orderLines.id, orderLineAllocations.orderLineId))
          .innerJoin(batches, eq(batches.id, orderLineAllocations.batchId))
          .where(inArray(orderLines.subOrderId, subIds))
          .orderBy(asc(batches.expiresOn), asc(batches.lotCode))
      : Promise.resolve([]),
    db
      .select({
        id: orderEvents.id,
        subOrderId: orderEvents.subOrderId,
        status: orderEvents.status,
        details: orderEvents.details,
        actorName: users.displayName,
        createdAt: orderEvents.createdAt,
      })
      .from(orderEvents)
      .leftJoin(users, eq(users.id, orderEvents.actorUserId))
      .where(eq(orderEvents.orderId, order.id))
      .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id)),
    db
      .select({
        id: payments.id,
        subOrderId: payments.subOrderId,
        provider: payments.provider,
        status: payments.status,
        amountVnd: payments.amountVnd,
        reference: payments.reference,
        confirmedAt: payments.confirmedAt,
      })
      .from(payments)
      .where(eq(payments.orderId, order.id))
      .orderBy(asc(payments.createdAt)),
    subIds.length
      ? db
          .select({ id: refunds.id, subOrderId: refunds.subOrderId, amountVnd: refunds.amountVnd, reason: refunds.reason, createdAt: refunds.createdAt })
          .from(refunds)
          .where(inArray(refunds.subOrderId, subIds))
          .orderBy(asc(refunds.createdAt))
      : Promise.resolve([]),
  ]);
  const allocationsOf = new Map<string, AllocationView[]>();
  for (const a of allocations) {
    const list = allocationsOf.get(a.orderLineId) ?? [];
    list.push({ batchId: a.batchId, lotCode: a.lotCode, shortCode: a.shortCode, quantity: a.quantity, released: a.releasedAt !== null });
    allocationsOf.set(a.orderLineId, list);
  }
  const subIdSet = new Set(subIds);
  return {
    ...order,
    events: events.filter((e) => e.subOrderId === null),
    // A cooperative sees the order-wide card payment but not another cooperative's transfer.
    payments: paymentRows.filter((p) => p.subOrderId === null || subIdSet.has(p.subOrderId)),
    subOrders: subs.map((s) => ({
      ...s,
      lines: lines
        .filter((l) => l.subOrderId === s.id)
        .map((l) => ({
          id: l.id,
          productId: l.productId,
          productNameVi: l.productNameVi,
          productNameEn: l.productNameEn,
          unitVi: l.unitVi,
          unitEn: l.unitEn,
          unitPriceVnd: l.unitPriceVnd,
          quantity: l.quantity,
          lineTotalVnd: l.lineTotalVnd,
          allocations: allocationsOf.get(l.id) ?? [],
        })),
      events: events.filter((e) => e.subOrderId === s.id),
      payments: paymentRows.filter((p) => p.subOrderId === s.id || p.subOrderId === null),
      refunds: refundRows.filter((r) => r.subOrderId === s.id),
    })),
  };
}

/** One of the cooperative's sub-orders by its reference, with its order; null for anyone else's. */
export async function getCooperativeSubOrder(
  db: Database,
  organisationId: string,
  reference: string,
): Promise<{ order: OrderView; subOrder: SubOrderView } | null> {
  const [row] = await db
    .select({ id: subOrders.id, orderId: subOrders.orderId })
    .from(subOrders)
    .where(and(eq(subOrders.organisationId, organisationId), eq(subOrders.reference, reference)));
  if (!row) return null;
  const order = await loadOrder(db, { orderId: row.orderId, organisationId, subOrderId: row.id });
  const subOrder = order?.subOrders[0];
  return order && subOrder ? { order, subOrder } : null;
}

/** Who is asking for an order page: their account (if signed in) and the numbers this browser was granted. */
export interface OrderViewer {
  userId: string | null;
  grantedNumbers: readonly string[];
}

/**
 * The order page's data when the viewer may see it: the order belongs to their account, or the
 * number was granted to this browser (after checkout or a look-up). Otherwise null, whether or not
 * the number exists.
 */
export async function getOrderForViewer(db: Database, number: string, viewer: OrderViewer): Promise<OrderView | null> {
  const [row] = await db.select({ id: orders.id, userId: orders.userId }).from(orders).where(eq(orders.number, number));
  if (!row) return null;
  const byAccount = viewer.userId !== null && row.userId === viewer.userId;
  if (!byAccount && !viewer.grantedNumbers.includes(number)) return null;
  return loadOrder(db, { orderId: row.id });
}

export interface ConsumerOrderRow {
  number: string;
  status: OrderView["status"];
  paymentMethod: PaymentMethod;
  totalVnd: number;
  createdAt: Date;
  subOrderStatuses: SubOrderStatus[];
}

/** A signed-in consumer's orders, newest first. */
export async function listConsumerOrders(db: Database, userId: string, limit = 50): Promise<ConsumerOrderRow[]> {
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      totalVnd: orders.totalVnd,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
  if (rows.length === 0) return [];
  const subs = await db
    .select({ orderId: subOrders.orderId, status: subOrders.status })
    .from(subOrders)
    .where(
      inArray(
        subOrders.orderId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(subOrders.reference));
  return rows.map(({ id, ...r }) => ({ ...r, subOrderStatuses: subs.filter((s) => s.orderId === id).map((s) => s.status) }));
}

// ---- Look-up by number and phone ---------------------------------------------------------------


/** Vietnamese phone numbers as people type them (spaces, dots, +84) in the stored form 0xxxxxxxxx. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-()]/g, "");
  const local = compact.startsWith("+84") ? `0${compact.slice(3)}` : compact.startsWith("84") && compact.length === 11 ? `0${compact.slice(2)}` : compact;
  return /^0\d{9}$/.test(local) ? local : null;
}

export type LookupResult = { ok: true; number: string } | { ok: false; reason: "no_match" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Finds an order by number and phone. An unknown number and a wrong phone get the same answer. Every try is counted
 * per order number and per client address in one statement before the order is read (app/lib/throttle.server.ts):
 * after 5 tries within 15 minutes the number is locked for the rest of the window, even for the right phone, so the
 * answer never tells whether it exists and concurrent guesses cannot all be evaluated. A match clears the number.
 */
export async function lookupOrder(
  db: Database,
  input: { number: string; phone: string },
  context: { clientAddress: string; now?: Date },
): Promise<LookupResult> {
  const byNumber = { rule: throttleRules.orderLookup, key: input.number };
  const decision = await takeAttempt(db, [byNumber, { rule: throttleRules.orderLookupAddress, key: context.clientAddress }], context.now);
  if (!decision.ok) return decision;
  const [order] = await db.select({ number: orders.number, phone: orders.phone }).from(orders).where(eq(orders.number, input.number));
  const phone = normalisePhone(input.phone);
  if (order && phone !== null && order.phone === phone) {
    await clearAttempts(db, [byNumber]);
    return { ok: true, number: order.number };
  }
  return { ok: false, reason: "no_match" };
}

// ---- Loader data -------------------------------------------------------------------------------

type Jsonified<T> = T extends Date ? string : T extends (infer U)[] ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;
export type OrderJson = Jsonified<OrderView>;

/** The order with instants as ISO strings, the same on the server render and in the browser. */
export function serializeOrder(order: OrderView): OrderJson {
  return JSON.parse(JSON.stringify(order)) as OrderJson;
}
