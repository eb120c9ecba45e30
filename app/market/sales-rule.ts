/**
 * What counts as a sale, in one place (decision 0020). A sub-order is a sale once its money came in: a
 * card payment succeeded, the cooperative confirmed the transfer, or the cash was collected on delivery
 * (all three set `sub_orders.payment_status` to `paid`). Refunds are counted as before: a refunded
 * sub-order that was not cancelled stays a sale. A placed order whose sub-order is still unpaid (a VietQR
 * transfer not yet confirmed, cash not yet collected) is awaiting payment, not a sale; lapsed or
 * cancelled orders and cancelled sub-orders are neither.
 *
 * The rule is written twice, for rows in memory and as a SQL condition for the rollups and the queries
 * they are compared with; a database test checks the two agree on every combination of states.
 */
import { sql, type SQL } from "drizzle-orm";
import type { orderStatus, paymentStatus, subOrderStatus } from "#db/schema/market";

export type OrderStatus = (typeof orderStatus.enumValues)[number];
export type SubOrderStatus = (typeof subOrderStatus.enumValues)[number];
export type PaymentStatus = (typeof paymentStatus.enumValues)[number];

export interface SaleState {
  orderStatus: OrderStatus;
  subOrderStatus: SubOrderStatus;
  paymentStatus: PaymentStatus;
}

/** Money received for the sub-order (refunds afterwards do not undo the sale). */
const PAID: readonly PaymentStatus[] = ["paid", "refunded"];

function isLive(state: SaleState): boolean {
  return state.orderStatus === "placed" && state.subOrderStatus !== "cancelled";
}

/** The sub-order's lines count as sold. */
export function countsAsSale(state: SaleState): boolean {
  return isLive(state) && PAID.includes(state.paymentStatus);
}

/** Placed and not cancelled, but its money has not come in yet. */
export function awaitsPayment(state: SaleState): boolean {
  return isLive(state) && state.paymentStatus === "unpaid";
}

/** Table aliases are code, never input: only plain identifiers are accepted. */
function alias(name: string): SQL {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a table alias: ${name}`);
  return sql.raw(name);
}

function liveSql(order: string, subOrder: string): SQL {
  return sql`${alias(order)}.status = 'placed' and ${alias(subOrder)}.status <> 'cancelled'`;
}

/** countsAsSale as a SQL condition over `orders` (alias `order`) joined with `sub_orders` (alias `subOrder`). */
export function saleCondition(order = "o", subOrder = "s"): SQL {
  return sql`(${liveSql(order, subOrder)} and ${alias(subOrder)}.payment_status in ('paid', 'refunded'))`;
}

/** awaitsPayment as a SQL condition, with the same aliases as saleCondition. */
export function awaitingPaymentCondition(order = "o", subOrder = "s"): SQL {
  return sql`(${liveSql(order, subOrder)} and ${alias(subOrder)}.payment_status = 'unpaid')`;
}
