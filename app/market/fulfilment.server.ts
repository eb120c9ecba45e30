/**
 * Fulfilment of a cooperative's sub-order: pending → confirmed → packed → shipped → delivered, or
 * cancelled until the parcel leaves. Each change is one conditional UPDATE (the row must still be in
 * the state the member saw, so two clicks or two members apply it once), an order_events row and an
 * audit entry, all in one transaction with the stock and payment changes it causes.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { orderEvents, orders, payments, subOrders } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { freeText } from "~/lib/form-values";
import type { Logger } from "~/lib/logger";
import { rollbackWith, transact } from "~/lib/transact.server";
import { queueOrderStatusMail } from "~/notifications/queue.server";
import {
  availableSteps,
  checkStep,
  canConfirmTransfer,
  canRefund,
  fulfilmentFormSchema,
  fulfilmentSteps,
  refundFormSchema,
  type CooperativeRole,
  type FulfilmentForm,
  type SubOrderState,
  type SubOrderStatus,
} from "./fulfilment-schema";
import type { CardPayments } from "./payments/card.server";
import { refundSubOrder } from "./payments/refund.server";
import { confirmTransferReceived } from "./payments/transfer.server";
import { getCooperativeSubOrder } from "./order-queries.server";
import { releaseSubOrderStock } from "./stock.server";
import { activeHoldOf } from "~/recalls/recall-queries.server";
import { heldSteps } from "~/recalls/rules";

export interface FulfilmentActor {
  userId: string;
  role: CooperativeRole;
}

export interface SubOrderTarget {
  organisationId: string;
  reference: string;
  actor: FulfilmentActor;
}

export type FulfilmentResult =
  | { ok: true; subOrderId: string; status: SubOrderStatus }
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> }
  | { ok: false; reason: "not_found" | "invalid_transition" | "forbidden" | "refund_failed" }
  /** A recall holds the sub-order until the cooperative decides: it may be cancelled, not accepted, packed or shipped. */
  | { ok: false; reason: "held_by_recall"; recallNumber: string };

interface LoadedSubOrder extends SubOrderState {
  id: string;
  orderId: string;
  totalVnd: number;
  refundedVnd: number;
}

/** The sub-order as the cooperative may see it; null for another cooperative's (or none). */
async function loadSubOrder(tx: Database, organisationId: string, reference: string): Promise<LoadedSubOrder | null> {
  const [row] = await tx
    .select({
      id: subOrders.id,
      orderId: subOrders.orderId,
      status: subOrders.status,
      paymentStatus: subOrders.paymentStatus,
      totalVnd: subOrders.totalVnd,
      refundedVnd: subOrders.refundedVnd,
      paymentMethod: orders.paymentMethod,
      orderStatus: orders.status,
    })
    .from(subOrders)
    .innerJoin(orders, eq(orders.id, subOrders.orderId))
    .where(and(eq(subOrders.organisationId, organisationId), eq(subOrders.reference, reference)))
    // Locked, so that a recall being confirmed (which locks its sub-orders first) is seen once it commits.
    .for("update", { of: subOrders });
  return row ?? null;
}

/**
 * Moves one of the cooperative's sub-orders a step, as the form says. Cancelling gives the stock
 * back, expires payments still expected and refunds what was paid (through Stripe for cards); if the
 * refund fails nothing is changed. When every sub-order of the order is cancelled, so is the order.
 */
export async function moveSubOrder(
  db: Database,
  card: CardPayments | null,
  logger: Logger,
  input: SubOrderTarget & { form: unknown; now?: Date },
): Promise<FulfilmentResult> {
  const parsed = parseInput(fulfilmentFormSchema, input.form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const form = parsed.input;
  const now = input.now ?? new Date();
  const { organisationId, actor } = input;
  return (await transact(db, { userId: actor.userId, organisationId }, async (audited) => {
    const tx = audited.db;
    const sub = await loadSubOrder(tx, organisationId, input.reference);
    if (!sub) return { ok: false, reason: "not_found" } as const;
    const allowed = checkStep(form.intent, sub, actor.role);
    if (!allowed.ok) return { ok: false, reason: allowed.reason } as const;
    if (heldSteps.has(form.intent)) {
      const hold = await activeHoldOf(tx, sub.id);
      if (hold) return { ok: false, reason: "held_by_recall", recallNumber: hold.recallNumber } as const;
    }
    const to = fulfilmentSteps[form.intent].to;
    const codPaid = form.intent === "deliver" && sub.paymentMethod === "cash_on_delivery";
    const [changed] = await tx
      .update(subOrders)
      .set({
        status: to,
        updatedAt: now,
        ...(form.intent === "ship" ? { carrier: form.carrier, trackingNumber: form.trackingNumber } : {}),
        ...(form.intent === "cancel" ? { cancelReason: form.reason } : {}),
        ...(codPaid ? { paymentStatus: "paid" as const } : {}),
      })
      // The state the decision was made on: a concurrent change makes this update match nothing.
      .where(and(eq(subOrders.id, sub.id), eq(subOrders.status, sub.status), eq(subOrders.paymentStatus, sub.paymentStatus)))
      .returning({ id: subOrders.id });
    if (!changed) return { ok: false, reason: "invalid_transition" } as const;
    await tx.insert(orderEvents).values({
      orderId: sub.orderId,
      subOrderId: sub.id,
      status: to,
      details: eventDetails(form),
      actorUserId: actor.userId,
      createdAt: now,
    });
    if (codPaid) await recordCashReceived(tx, sub, actor.userId, now);
    // The buyer hears of what they wait for: their parcel leaving, arriving, or their part being cancelled.
    if (to === "shipped" || to === "delivered" || to === "cancelled") await queueOrderStatusMail(tx, { subOrderId: sub.id, status: to });
    if (form.intent === "cancel") await cancelEffects(tx, card, logger, sub, { organisationId, actorUserId: actor.userId, reason: form.reason, now });
    await audited.audit({
      entityType: "sub_order",
      entityId: sub.id,
      action: form.intent === "cancel" ? "cancel" : "status_change",
      before: { reference: input.reference, status: sub.status, paymentStatus: sub.paymentStatus },
      after: { reference: input.reference, status: to, ...eventDetails(form), ...(codPaid ? { paymentStatus: "paid" } : {}) },
    });
    return { ok: true, subOrderId: sub.id, status: to } as const;
  }));
}

function eventDetails(form: FulfilmentForm): Record<string, unknown> {
  if (form.intent === "ship") return { carrier: form.carrier, trackingNumber: form.trackingNumber };
  if (form.intent === "cancel") return { reason: form.reason };
  return {};
}

/** Cash collected at the door: the sub-order's cash payment succeeded. */
async function recordCashReceived(tx: Database, sub: LoadedSubOrder, actorUserId: string, now: Date): Promise<void> {
  await tx
    .update(payments)
    .set({ status: "succeeded", confirmedBy: actorUserId, confirmedAt: now, updatedAt: now })
    .where(and(eq(payments.subOrderId, sub.id), eq(payments.provider, "cash"), eq(payments.status, "pending")));
  await tx.insert(orderEvents).values({
    orderId: sub.orderId,
    subOrderId: sub.id,
    status: "paid",
    details: { provider: "cash", amountVnd: sub.totalVnd },
    actorUserId,
    createdAt: now,
  });
}

async function cancelEffects(
  tx: Database,
  card: CardPayments | null,
  logger: Logger,
  sub: LoadedSubOrder,
  input: { organisationId: string; actorUserId: string; reason: string; now: Date },
): Promise<void> {
  const { now } = input;
  await releaseSubOrderStock(tx, sub.id, now);
  // Transfers and cash no longer expected for this sub-order.
  await tx
    .update(payments)
    .set({ status: "expired", updatedAt: now })
    .where(and(eq(payments.subOrderId, sub.id), eq(payments.status, "pending")));
  const refundable = sub.totalVnd - sub.refundedVnd;
  if (sub.paymentStatus === "paid" && refundable > 0) {
    const refund = await refundSubOrder(tx, card, logger, {
      subOrderId: sub.id,
      organisationId: input.organisationId,
      amountVnd: refundable,
      actorUserId: input.actorUserId,
      reason: input.reason,
    });
    // Rolls the cancellation back: a paid order is not cancelled without its money going back.
    if (!refund.ok) rollbackWith({ ok: false, reason: "refund_failed" });
  }
  const [open] = await tx
    .select({ id: subOrders.id })
    .from(subOrders)
    .where(and(eq(subOrders.orderId, sub.orderId), ne(subOrders.status, "cancelled")))
    .limit(1);
  if (open) return;
  const [order] = await tx
    .update(orders)
    .set({ status: "cancelled", updatedAt: now })
    .where(and(eq(orders.id, sub.orderId), inArray(orders.status, ["placed"])))
    .returning({ id: orders.id });
  if (order) {
    await tx.insert(orderEvents).values({
      orderId: sub.orderId,
      status: "cancelled",
      details: { reason: "all_sub_orders_cancelled" },
      actorUserId: input.actorUserId,
      createdAt: now,
    });
  }
}

export const transferFormSchema = z.object({
  bankReference: freeText(60, "validation.tooLong")
    .optional()
    .transform((s) => (s ? s : undefined)),
});

export type ConfirmTransferResult =
  | { ok: true }
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> }
  | { ok: false; reason: "not_found" | "invalid_transition" | "already_paid" | "cancelled" };

/**
 * The cooperative saw the transfer arrive: the payments context records it (payment succeeded,
 * sub-order paid and confirmed); this adds the audit entry in the same transaction.
 */
export async function confirmTransferReceipt(db: Database, input: SubOrderTarget & { form: unknown }): Promise<ConfirmTransferResult> {
  const parsed = parseInput(transferFormSchema, input.form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const form = parsed.input;
  const result = await transact(db, { userId: input.actor.userId, organisationId: input.organisationId }, async (audited) => {
    const tx = audited.db;
    const sub = await loadSubOrder(tx, input.organisationId, input.reference);
    if (!sub) return { ok: false, reason: "not_found" } as const;
    if (!canConfirmTransfer(sub)) {
      if (sub.status === "cancelled") return { ok: false, reason: "cancelled" } as const;
      if (sub.paymentStatus !== "unpaid") return { ok: false, reason: "already_paid" } as const;
      return { ok: false, reason: "invalid_transition" } as const;
    }
    const result = await confirmTransferReceived(tx, {
      subOrderId: sub.id,
      organisationId: input.organisationId,
      actorUserId: input.actor.userId,
      reference: form.bankReference,
    });
    if (!result.ok) return result;
    await audited.audit({
      entityType: "sub_order",
      entityId: sub.id,
      action: "confirm_transfer",
      before: { reference: input.reference, status: sub.status, paymentStatus: sub.paymentStatus },
      after: { reference: input.reference, status: "confirmed", paymentStatus: "paid", bankReference: form.bankReference ?? null },
    });
    return { ok: true } as const;
  });
  return result;
}

export type RefundResult =
  | { ok: true; refundId: string }
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> }
  | { ok: false; reason: "forbidden" | "not_found" | "not_paid" | "too_much" | "unavailable" };

/**
 * A manager refunds part or all of a paid sub-order (Stripe for cards, recorded for transfers and
 * cash); the payments context checks the amount, writes the history and the audit entry.
 */
export async function refundFromWorkspace(
  db: Database,
  card: CardPayments | null,
  logger: Logger,
  input: SubOrderTarget & { form: unknown },
): Promise<RefundResult> {
  if (input.actor.role !== "cooperative_manager") return { ok: false, reason: "forbidden" };
  const parsed = parseInput(refundFormSchema, input.form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const sub = await loadSubOrder(db, input.organisationId, input.reference);
  if (!sub) return { ok: false, reason: "not_found" };
  if (!canRefund(sub, input.actor.role)) return { ok: false, reason: "not_paid" };
  return refundSubOrder(db, card, logger, {
    subOrderId: sub.id,
    organisationId: input.organisationId,
    amountVnd: parsed.input.amountVnd,
    actorUserId: input.actor.userId,
    reason: parsed.input.reason,
  });
}

export type SubOrderAction = "changed" | "transfer" | "refund";

/**
 * One form of the cooperative's sub-order page, named by its `intent`: confirming a transfer,
 * refunding, or moving the sub-order a step. Answers which kind of change was made.
 */
export async function actOnSubOrder(
  db: Database,
  card: CardPayments | null,
  logger: Logger,
  input: SubOrderTarget & { form: Record<string, unknown> },
): Promise<({ ok: true; done: SubOrderAction }) | Exclude<FulfilmentResult | ConfirmTransferResult | RefundResult, { ok: true }>> {
  const intent = input.form.intent;
  const result =
    intent === "confirm_transfer"
      ? await confirmTransferReceipt(db, input)
      : intent === "refund"
        ? await refundFromWorkspace(db, card, logger, input)
        : await moveSubOrder(db, card, logger, input);
  if (!result.ok) return result;
  return { ok: true, done: intent === "confirm_transfer" ? "transfer" : intent === "refund" ? "refund" : "changed" };
}

/**
 * A cooperative's sub-order with what its member may do with it now (the steps, confirming a
 * transfer, refunding), by the same rules the commands check; null when not theirs.
 */
export async function getSubOrderForCooperative(db: Database, organisationId: string, reference: string, role: CooperativeRole) {
  const found = await getCooperativeSubOrder(db, organisationId, reference);
  if (!found) return null;
  const state: SubOrderState = {
    status: found.subOrder.status,
    paymentStatus: found.subOrder.paymentStatus,
    paymentMethod: found.order.paymentMethod,
    orderStatus: found.order.status,
  };
  const hold = await activeHoldOf(db, found.subOrder.id);
  return {
    found,
    hold,
    steps: availableSteps(state, role).filter((step) => !hold || !heldSteps.has(step)),
    canConfirmTransfer: canConfirmTransfer(state),
    canRefund: canRefund(state, role),
    refundableVnd: found.subOrder.totalVnd - found.subOrder.refundedVnd,
    paidNeedsRefundOnCancel: state.paymentStatus === "paid",
  };
}
