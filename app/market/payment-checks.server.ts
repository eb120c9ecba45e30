/**
 * What the payment checks leave for people to see and set: card payments flagged because they did not
 * match what the app asked for (app/market/payments/checkout-session.server.ts), and the hours a
 * cooperative holds stock for an unconfirmed cash-on-delivery order (app/market/stock.server.ts).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { orders, organisations, paymentFlags, subOrders } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import type { Refusal } from "~/lib/result";
import { transact, type Actor } from "~/lib/transact.server";
import { cashHoldSchema } from "./listings-schema";

export interface PaymentFlagView {
  id: string;
  orderNumber: string;
  reason: "unknown_session" | "amount_mismatch";
  stripeCheckoutSessionId: string;
  expectedAmountVnd: number;
  reportedAmount: number | null;
  reportedCurrency: string | null;
  /** ISO instant. */
  createdAt: string;
}

function view(row: Omit<PaymentFlagView, "createdAt" | "reason"> & { reason: string; createdAt: Date }): PaymentFlagView {
  return { ...row, reason: row.reason === "amount_mismatch" ? "amount_mismatch" : "unknown_session", createdAt: row.createdAt.toISOString() };
}

const columns = {
  id: paymentFlags.id,
  orderNumber: orders.number,
  reason: paymentFlags.reason,
  stripeCheckoutSessionId: paymentFlags.stripeCheckoutSessionId,
  expectedAmountVnd: paymentFlags.expectedAmountVnd,
  reportedAmount: paymentFlags.reportedAmount,
  reportedCurrency: paymentFlags.reportedCurrency,
  createdAt: paymentFlags.createdAt,
};

/** The flagged payments of one order, for a cooperative with a sub-order in it (nothing otherwise). */
export async function listOrderPaymentFlags(db: Database, organisationId: string, orderId: string): Promise<PaymentFlagView[]> {
  const rows = await db
    .select(columns)
    .from(paymentFlags)
    .innerJoin(orders, eq(orders.id, paymentFlags.orderId))
    .where(
      and(
        eq(paymentFlags.orderId, orderId),
        inArray(
          paymentFlags.orderId,
          db.select({ id: subOrders.orderId }).from(subOrders).where(and(eq(subOrders.orderId, orderId), eq(subOrders.organisationId, organisationId))),
        ),
      ),
    )
    .orderBy(desc(paymentFlags.createdAt));
  return rows.map(view);
}

/** The newest flagged payments across the market, for the department. */
export async function listRecentPaymentFlags(db: Database, limit = 50): Promise<PaymentFlagView[]> {
  const rows = await db.select(columns).from(paymentFlags).innerJoin(orders, eq(orders.id, paymentFlags.orderId)).orderBy(desc(paymentFlags.createdAt)).limit(limit);
  return rows.map(view);
}

export async function getCashHoldHours(db: Database, organisationId: string): Promise<number> {
  const [row] = await db.select({ hours: organisations.cashHoldHours }).from(organisations).where(eq(organisations.id, organisationId));
  return row?.hours ?? 48;
}

export type CashHoldResult = { ok: true; hours: number } | (Refusal<"invalid_input"> & { fieldErrors: Record<string, string> });

/** The cooperative manager sets how long its unconfirmed cash-on-delivery orders hold stock; audited. */
export async function setCashHoldHoursFromForm(db: Database, actor: Actor & { organisationId: string }, form: unknown): Promise<CashHoldResult> {
  const parsed = parseInput(cashHoldSchema, form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const hours = parsed.input.cashHoldHours;
  const result = await transact(db, actor, async (tx) => {
    const [before] = await tx.db.select({ hours: organisations.cashHoldHours }).from(organisations).where(eq(organisations.id, actor.organisationId)).for("update");
    if (!before) throw new Error(`organisation ${actor.organisationId} not found`);
    await tx.db.update(organisations).set({ cashHoldHours: hours, updatedAt: new Date() }).where(eq(organisations.id, actor.organisationId));
    await tx.audit({ entityType: "organisation", entityId: actor.organisationId, action: "set_cash_hold_hours", before: { cashHoldHours: before.hours }, after: { cashHoldHours: hours } });
    return { ok: true as const, hours };
  });
  return result as CashHoldResult;
}
