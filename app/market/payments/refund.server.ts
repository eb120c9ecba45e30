import Stripe from "stripe";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { orderEvents, orders, payments, refunds, subOrders } from "#db/schema";
import { errorFields, type Logger } from "~/lib/logger";
import { transact } from "~/lib/transact.server";
import { queueOrderStatusMail } from "~/notifications/queue.server";
import type { CardPayments } from "./card.server";

export interface RefundSubOrderInput {
  subOrderId: string;
  /** The cooperative asking: a sub-order of another cooperative reads as not found. */
  organisationId: string;
  /** Whole VND, positive; never more than what was paid and not yet refunded. */
  amountVnd: number;
  /** Null when the system refunds by itself (a payment that arrived after its stock was gone). */
  actorUserId: string | null;
  reason: string;
}

export type RefundSubOrderResult =
  | { ok: true; refundId: string }
  | { ok: false; reason: "not_found" | "not_paid" | "too_much" | "unavailable" };

/**
 * Gives money back for one sub-order: through Stripe's refund API when the order was paid by card
 * (with an idempotency key, so a retried request is the same refund), recorded only for bank
 * transfers and cash. The sub-order row is locked for the whole step, so two refunds of one
 * sub-order never both pass the "not more than paid" check.
 */
export async function refundSubOrder(
  db: Database,
  card: CardPayments | null,
  logger: Logger,
  input: RefundSubOrderInput,
  now: Date = new Date(),
): Promise<RefundSubOrderResult> {
  if (!Number.isSafeInteger(input.amountVnd) || input.amountVnd <= 0) {
    throw new RangeError(`refund amount must be a positive whole number of VND: ${input.amountVnd}`);
  }
  const result = await transact(db, { userId: input.actorUserId, organisationId: input.organisationId }, async (audited) => {
    const tx = audited.db;
    const [sub] = await tx
      .select()
      .from(subOrders)
      .where(and(eq(subOrders.id, input.subOrderId), eq(subOrders.organisationId, input.organisationId)))
      .for("update");
    if (!sub) return { ok: false, reason: "not_found" } as const;
    if (sub.paymentStatus === "unpaid") return { ok: false, reason: "not_paid" } as const;
    const refundable = sub.totalVnd - sub.refundedVnd;
    if (input.amountVnd > refundable) return { ok: false, reason: "too_much" } as const;

    const [order] = await tx.select({ paymentMethod: orders.paymentMethod }).from(orders).where(eq(orders.id, sub.orderId));
    if (!order) return { ok: false, reason: "not_found" } as const;
    const [payment] = await tx
      .select()
      .from(payments)
      .where(
        order.paymentMethod === "card"
          ? and(eq(payments.orderId, sub.orderId), eq(payments.provider, "stripe"), eq(payments.status, "succeeded"))
          : and(eq(payments.subOrderId, sub.id), eq(payments.status, "succeeded")),
      )
      .orderBy(desc(payments.confirmedAt))
      .limit(1);
    if (!payment) return { ok: false, reason: "not_paid" } as const;

    let stripeRefundId: string | null = null;
    if (payment.provider === "stripe") {
      if (!card || !payment.stripePaymentIntentId) return { ok: false, reason: "unavailable" } as const;
      try {
        const refund = await card.stripe.refunds.create(
          {
            payment_intent: payment.stripePaymentIntentId,
            amount: input.amountVnd,
            reason: "requested_by_customer",
            metadata: { order_id: sub.orderId, sub_order_id: sub.id },
          },
          // Same sub-order, same amount already refunded, same amount: the same refund.
          { idempotencyKey: `refund:${sub.id}:${sub.refundedVnd}:${input.amountVnd}` },
        );
        if (refund.status === "failed" || refund.status === "canceled") return { ok: false, reason: "unavailable" } as const;
        stripeRefundId = refund.id;
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeError)) throw error;
        logger.log("error", "stripe refund failed", { subOrderId: sub.id, type: error.type, ...errorFields(error) });
        return { ok: false, reason: "unavailable" } as const;
      }
    }

    const [row] = await tx
      .insert(refunds)
      .values({
        paymentId: payment.id,
        subOrderId: sub.id,
        amountVnd: input.amountVnd,
        stripeRefundId,
        reason: input.reason.slice(0, 500),
        createdBy: input.actorUserId,
        createdAt: now,
      })
      .returning({ id: refunds.id });
    if (!row) throw new Error("refund row was not written");
    const refundedVnd = sub.refundedVnd + input.amountVnd;
    const paymentStatus = refundedVnd === sub.totalVnd ? "refunded" : "paid";
    await tx.update(subOrders).set({ refundedVnd, paymentStatus, updatedAt: now }).where(eq(subOrders.id, sub.id));
    await tx.insert(orderEvents).values({
      orderId: sub.orderId,
      subOrderId: sub.id,
      status: "refunded",
      details: { amountVnd: input.amountVnd, refundedVnd, full: paymentStatus === "refunded", provider: payment.provider, reason: input.reason },
      actorUserId: input.actorUserId,
      createdAt: now,
    });
    await queueOrderStatusMail(tx, { subOrderId: sub.id, status: "refunded", amountVnd: input.amountVnd });
    await audited.audit({
      organisationId: sub.organisationId,
      entityType: "sub_order",
      entityId: sub.id,
      action: "refund",
      before: { refundedVnd: sub.refundedVnd, paymentStatus: sub.paymentStatus },
      after: { refundedVnd, paymentStatus, amountVnd: input.amountVnd, stripeRefundId, reason: input.reason },
    });
    return { ok: true, refundId: row.id } as const;
  });
  return result;
}
