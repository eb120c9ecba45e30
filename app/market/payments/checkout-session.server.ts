import type Stripe from "stripe";
import { and, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { orderEvents, orderLineAllocations, orderLines, orders, paymentFlags, payments, subOrders } from "#db/schema";
import { todayInVietnam } from "~/lib/format";
import { translate } from "~/lib/i18n";
import type { Logger } from "~/lib/logger";
import { rollbackWith, systemActor, transact } from "~/lib/transact.server";
import { queueOrderPlacedMail } from "~/notifications/queue.server";
import { allocateLines, closeUnpaidOrder } from "../stock.server";
import type { CardPayments } from "./card.server";
import { refundSubOrder } from "./refund.server";

/** What applying a Checkout Session changed; "unchanged" when it had been applied before. */
export type SessionOutcome =
  | "placed"
  | "re_reserved"
  | "refunded_late"
  | "expired"
  | "failed"
  | "unchanged"
  | "not_ours"
  /** A payment for a session the app did not create for the order, or for another amount: recorded, order left unpaid. */
  | "flagged";

/** Marks sub-orders cancelled because their payment came after the stock was gone (and so refunded). */
export const PAID_AFTER_LAPSE = "paid_after_lapse";
/** The reasons stock.server.ts (and this file) give when an unpaid card order closes. */
const UNPAID_CLOSE_REASONS = ["reservation_lapsed", "checkout_expired"];

function orderIdOf(session: Stripe.Checkout.Session): string | null {
  const id = session.metadata?.order_id ?? session.client_reference_id;
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

function paymentIntentId(session: Stripe.Checkout.Session): string | null {
  const pi = session.payment_intent;
  return typeof pi === "string" ? pi : (pi?.id ?? null);
}

/**
 * Brings our records in line with a Checkout Session as Stripe reports it (from a verified webhook
 * or from the reconciliation). Every change is conditional on the current state, so applying the
 * same session any number of times, in any order with other sessions, changes things once.
 */
export async function applyCheckoutSession(
  db: Database,
  card: CardPayments | null,
  logger: Logger,
  session: Stripe.Checkout.Session,
  now: Date = new Date(),
): Promise<SessionOutcome> {
  const orderId = orderIdOf(session);
  if (!orderId) return "not_ours";
  const [order] = await db
    .select({ id: orders.id, totalVnd: orders.totalVnd, reservedUntil: orders.reservedUntil })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) return "not_ours";

  const paid = session.status === "complete" && (session.payment_status === "paid" || session.payment_status === "no_payment_required");
  const checked = await checkSessionIsOurs(db, order, session);
  if (!checked.ok) {
    // Only a claim of payment is worth flagging; a foreign session that is open or expired changes nothing either.
    if (!paid) return "not_ours";
    const flagged = await flagPayment(db, logger, { orderId, session, reason: checked.reason, expectedAmountVnd: checked.expectedAmountVnd }, now);
    return flagged ? "flagged" : "unchanged";
  }

  if (paid) {
    const outcome = await settlePaidSession(db, logger, orderId, session, now);
    const refunded = await refundPaidAfterLapse(db, card, logger, orderId, now);
    return outcome === "unchanged" && refunded ? "refunded_late" : outcome;
  }
  if (session.status === "expired") return expireSession(db, orderId, session.id, now);
  return "unchanged";
}

export type PaymentFlagReason = "unknown_session" | "amount_mismatch";

/**
 * Whether a session is one the app created for this order and asks for exactly what the app asked for.
 * Known sessions are the ones with a `payments` row for the order. A session with no row is adopted only
 * when it expires exactly when the order's reservation ends: the app writes that deadline on the order
 * before it asks Stripe for the session, so a crash between Stripe's answer and the row is healed, while
 * a session made elsewhere (a payment link, another integration, a forged event) is not.
 */
async function checkSessionIsOurs(
  db: Database,
  order: { id: string; totalVnd: number; reservedUntil: Date | null },
  session: Stripe.Checkout.Session,
): Promise<{ ok: true } | { ok: false; reason: PaymentFlagReason; expectedAmountVnd: number }> {
  const [known] = await db
    .select({ orderId: payments.orderId, amountVnd: payments.amountVnd })
    .from(payments)
    .where(and(eq(payments.stripeCheckoutSessionId, session.id), eq(payments.provider, "stripe")));
  let expectedAmountVnd = order.totalVnd;
  if (known) {
    if (known.orderId !== order.id) return { ok: false, reason: "unknown_session", expectedAmountVnd };
    expectedAmountVnd = known.amountVnd;
  } else {
    const deadline = order.reservedUntil ? Math.floor(order.reservedUntil.getTime() / 1000) : null;
    if (deadline === null || session.expires_at !== deadline) return { ok: false, reason: "unknown_session", expectedAmountVnd };
  }
  if ((session.currency ?? "").toLowerCase() !== "vnd" || session.amount_total !== expectedAmountVnd) {
    return { ok: false, reason: "amount_mismatch", expectedAmountVnd };
  }
  if (!known) {
    // A crash between creating the session and recording it left no row: record it now.
    await db
      .insert(payments)
      .values({
        orderId: order.id,
        provider: "stripe",
        status: "pending",
        amountVnd: expectedAmountVnd,
        stripeCheckoutSessionId: session.id,
        createdAt: new Date(session.created * 1000),
      })
      .onConflictDoNothing({ target: payments.stripeCheckoutSessionId });
  }
  return { ok: true };
}

/**
 * Records a payment that does not match (once per session and reason) with an audit entry per cooperative
 * of the order, so that the cooperatives and the department see it. Returns whether it was new.
 */
async function flagPayment(
  db: Database,
  logger: Logger,
  input: { orderId: string; session: Stripe.Checkout.Session; reason: PaymentFlagReason; expectedAmountVnd: number },
  now: Date,
): Promise<boolean> {
  const { orderId, session, reason, expectedAmountVnd } = input;
  const result = await transact(db, systemActor, async (tx) => {
    const [flag] = await tx.db
      .insert(paymentFlags)
      .values({
        orderId,
        reason,
        stripeCheckoutSessionId: session.id,
        stripePaymentIntentId: paymentIntentId(session),
        expectedAmountVnd,
        reportedAmount: session.amount_total,
        reportedCurrency: session.currency,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [paymentFlags.stripeCheckoutSessionId, paymentFlags.reason] })
      .returning({ id: paymentFlags.id });
    if (!flag) return { ok: true, flagged: false };
    const after = { orderId, reason, stripeCheckoutSessionId: session.id, expectedAmountVnd, reportedAmount: session.amount_total, reportedCurrency: session.currency };
    const subs = await tx.db.select({ organisationId: subOrders.organisationId }).from(subOrders).where(eq(subOrders.orderId, orderId));
    for (const organisationId of [...new Set(subs.map((s) => s.organisationId))].sort()) {
      await tx.audit({ organisationId, entityType: "payment_flag", entityId: flag.id, action: "flag", after });
    }
    await tx.db.insert(orderEvents).values({ orderId, status: "payment_flagged", details: { reason, stripeCheckoutSessionId: session.id }, createdAt: now });
    return { ok: true, flagged: true };
  });
  if (result.ok && result.flagged) logger.log("warn", "card payment flagged", { orderId, reason, sessionId: session.id });
  return result.ok && result.flagged;
}

/** A failed asynchronous payment (bank debit): the order keeps waiting until its reservation ends. */
export async function failSessionPayment(db: Database, sessionId: string, now: Date = new Date()): Promise<SessionOutcome> {
  const changed = await db
    .update(payments)
    .set({ status: "failed", updatedAt: now })
    .where(and(eq(payments.stripeCheckoutSessionId, sessionId), eq(payments.status, "pending")))
    .returning({ id: payments.id });
  return changed.length > 0 ? "failed" : "unchanged";
}

async function expireSession(db: Database, orderId: string, sessionId: string, now: Date): Promise<SessionOutcome> {
  const result = await transact(db, systemActor, async ({ db: tx }) => {
    const expired = await tx
      .update(payments)
      .set({ status: "expired", updatedAt: now })
      .where(and(eq(payments.stripeCheckoutSessionId, sessionId), eq(payments.status, "pending")))
      .returning({ id: payments.id });
    // Another session of the same order may still be open: then the order keeps waiting for it.
    const [stillOpen] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.provider, "stripe"), inArray(payments.status, ["pending", "succeeded"])))
      .limit(1);
    const closed = stillOpen ? null : await closeUnpaidOrder(tx, { orderId, status: "lapsed", reason: "checkout_expired", now });
    return { ok: true, outcome: expired.length > 0 || closed !== null ? ("expired" as const) : ("unchanged" as const) };
  });
  return result.ok ? result.outcome : "unchanged";
}

async function settlePaidSession(db: Database, logger: Logger, orderId: string, session: Stripe.Checkout.Session, now: Date): Promise<SessionOutcome> {
  const result = await transact(db, systemActor, async ({ db: tx }): Promise<{ ok: true; outcome: SessionOutcome }> => {
    const [payment] = await tx
      .update(payments)
      .set({ status: "succeeded", stripePaymentIntentId: paymentIntentId(session), confirmedAt: now, updatedAt: now })
      .where(and(eq(payments.stripeCheckoutSessionId, session.id), ne(payments.status, "succeeded")))
      .returning({ id: payments.id });
    if (!payment) return { ok: true, outcome: "unchanged" };
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order) throw new Error(`order ${orderId} vanished`);
    const details = { payment: "card", stripeCheckoutSessionId: session.id };

    if (order.status === "awaiting_payment") {
      await placeOrder(tx, order.id, ["pending"], details, now);
      // Paid: the buyer's confirmation and the cooperatives' new-order alerts go out now (not when the order waited).
      await queueOrderPlacedMail(tx, order.id);
      return { ok: true, outcome: "placed" };
    }
    if (order.status === "lapsed") {
      // Paid after the reservation ended: take the stock again if it is still there.
      // In a savepoint: when a line cannot be met, its partial allocations roll back and the refusal comes back.
      const reReserved = await transact(tx, systemActor, async ({ db: sp }) => {
        await reallocateOrder(sp, order.id, todayInVietnam(now));
        return { ok: true };
      });
      if (reReserved.ok) {
        await placeOrder(tx, order.id, ["cancelled"], { ...details, reReserved: true }, now);
        await queueOrderPlacedMail(tx, order.id);
        return { ok: true, outcome: "re_reserved" };
      }
      await tx.update(orders).set({ status: "cancelled", updatedAt: now }).where(and(eq(orders.id, order.id), eq(orders.status, "lapsed")));
      await tx.insert(orderEvents).values({ orderId: order.id, status: "cancelled", details: { ...details, reason: PAID_AFTER_LAPSE }, createdAt: now });
      const subs = await tx
        .update(subOrders)
        .set({ paymentStatus: "paid", cancelReason: PAID_AFTER_LAPSE, updatedAt: now })
        .where(and(eq(subOrders.orderId, order.id), eq(subOrders.status, "cancelled"), eq(subOrders.paymentStatus, "unpaid")))
        .returning({ id: subOrders.id });
      for (const sub of subs) {
        await tx.insert(orderEvents).values({ orderId: order.id, subOrderId: sub.id, status: "paid", details, createdAt: now });
      }
      return { ok: true, outcome: "refunded_late" };
    }
    // Placed or cancelled already: the payment is recorded; nothing else moves.
    logger.log("warn", "card payment for an order not awaiting payment", { orderId, status: order.status, sessionId: session.id });
    return { ok: true, outcome: "unchanged" };
  });
  return result.ok ? result.outcome : "unchanged";
}

/** Order → placed; its sub-orders in one of `from` → confirmed and paid; history for each. */
async function placeOrder(tx: Database, orderId: string, from: ("pending" | "cancelled")[], details: Record<string, unknown>, now: Date) {
  await tx.update(orders).set({ status: "placed", updatedAt: now }).where(eq(orders.id, orderId));
  await tx.insert(orderEvents).values({ orderId, status: "placed", details, createdAt: now });
  const subs = await tx
    .update(subOrders)
    .set({ status: "confirmed", paymentStatus: "paid", cancelReason: null, updatedAt: now })
    .where(
      and(
        eq(subOrders.orderId, orderId),
        inArray(subOrders.status, from),
        // Only sub-orders the lapse closed come back, not ones a cooperative cancelled.
        from.includes("cancelled") ? inArray(subOrders.cancelReason, UNPAID_CLOSE_REASONS) : undefined,
      ),
    )
    .returning({ id: subOrders.id });
  for (const sub of subs.sort((a, b) => a.id.localeCompare(b.id))) {
    await tx.insert(orderEvents).values({ orderId, subOrderId: sub.id, status: "confirmed", details: { ...details, paymentStatus: "paid" }, createdAt: now });
  }
}

/** Allocates every line of a lapsed order again; ends the work with the refusal "stock_gone" when a line cannot be met. */
async function reallocateOrder(tx: Database, orderId: string, today: string): Promise<void> {
  const lines = await tx
    .select({ id: orderLines.id, productId: orderLines.productId, quantity: orderLines.quantity })
    .from(orderLines)
    .innerJoin(subOrders, eq(subOrders.id, orderLines.subOrderId))
    .where(eq(subOrders.orderId, orderId))
    .orderBy(orderLines.id);
  // The released allocations of the lapsed reservation make way for the new ones (same line and batch
  // would collide); the order's history keeps both the lapse and the new placement.
  await tx
    .delete(orderLineAllocations)
    .where(
      and(
        isNotNull(orderLineAllocations.releasedAt),
        inArray(
          orderLineAllocations.orderLineId,
          lines.map((l) => l.id),
        ),
      ),
    );
  const result = await allocateLines(
    tx,
    lines.map((l) => ({ lineId: l.id, productId: l.productId, quantity: l.quantity })),
    today,
  );
  if (!result.ok) rollbackWith({ ok: false, reason: "stock_gone" });
}

/**
 * Sub-orders cancelled because their card payment came too late get their money back in full.
 * Runs after the state change commits; safe to repeat (each refund is bounded by what is left).
 */
export async function refundPaidAfterLapse(db: Database, card: CardPayments | null, logger: Logger, orderId: string, now: Date = new Date()): Promise<boolean> {
  const due = await db
    .select({ id: subOrders.id, organisationId: subOrders.organisationId, totalVnd: subOrders.totalVnd, refundedVnd: subOrders.refundedVnd })
    .from(subOrders)
    .where(and(eq(subOrders.orderId, orderId), eq(subOrders.cancelReason, PAID_AFTER_LAPSE), eq(subOrders.paymentStatus, "paid")));
  let refunded = false;
  for (const sub of due) {
    const amountVnd = sub.totalVnd - sub.refundedVnd;
    if (amountVnd <= 0) continue;
    const result = await refundSubOrder(
      db,
      card,
      logger,
      { subOrderId: sub.id, organisationId: sub.organisationId, amountVnd, actorUserId: null, reason: translate("vi", "pay.refund.lateReason") },
      now,
    );
    if (result.ok) refunded = true;
    else logger.log("error", "late card payment not refunded", { orderId, subOrderId: sub.id, reason: result.reason });
  }
  return refunded;
}
