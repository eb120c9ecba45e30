import QRCode from "qrcode";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { orderEvents, organisations, payments, subOrders } from "#db/schema";
import { bankNameOf } from "~/catalog/banks";
import { transact } from "~/lib/transact.server";
import { buildVietQrPayload, transferNote } from "../vietqr";

export interface TransferInstructions {
  bankBin: string;
  /** The bank's name (e.g. "Agribank"); null for a BIN the bank list does not know. */
  bankName: string | null;
  accountNumber: string;
  accountName: string;
  amountVnd: number;
  /** The note to write: the sub-order reference as banks keep it (upper-case letters, digits, spaces). */
  reference: string;
  /** EMVCo VietQR payload (dynamic: amount and note included). */
  payload: string;
  /** The payload as an SVG QR code. */
  qrSvg: string;
  /** The same code as a PNG data URL, for "save QR image" (a banking app opens a saved picture, not an SVG). */
  qrPngDataUrl: string;
}

/** A cooperative can be paid by VietQR only with a complete bank account on its profile. */
export function hasBankAccount(o: { bankBin: string | null; bankAccountNumber: string | null; bankAccountName: string | null }): boolean {
  return Boolean(o.bankBin && /^\d{6}$/.test(o.bankBin) && o.bankAccountNumber && /^\d{6,19}$/.test(o.bankAccountNumber) && o.bankAccountName);
}

/**
 * Whether every one of these cooperatives can be paid by bank transfer (each has a bank account).
 * Checkout offers the transfer option only when this is true for all cooperatives of the cart.
 */
export async function canPayByTransfer(db: Database, organisationIds: string[]): Promise<boolean> {
  const wanted = [...new Set(organisationIds)];
  if (wanted.length === 0) return false;
  const rows = await db
    .select({ id: organisations.id, bankBin: organisations.bankBin, bankAccountNumber: organisations.bankAccountNumber, bankAccountName: organisations.bankAccountName })
    .from(organisations)
    .where(and(inArray(organisations.id, wanted), isNotNull(organisations.bankBin)));
  return wanted.every((id) => rows.some((row) => row.id === id && hasBankAccount(row)));
}

/** What a consumer needs to pay one sub-order by transfer; null when it cannot be paid that way. */
export async function getTransferInstructions(db: Database, subOrderId: string): Promise<TransferInstructions | null> {
  const [row] = await db
    .select({
      reference: subOrders.reference,
      totalVnd: subOrders.totalVnd,
      refundedVnd: subOrders.refundedVnd,
      bankBin: organisations.bankBin,
      bankAccountNumber: organisations.bankAccountNumber,
      bankAccountName: organisations.bankAccountName,
    })
    .from(subOrders)
    .innerJoin(organisations, eq(organisations.id, subOrders.organisationId))
    .where(eq(subOrders.id, subOrderId));
  if (!row || !hasBankAccount(row)) return null;
  const reference = transferNote(row.reference);
  const payload = buildVietQrPayload({
    bankBin: row.bankBin!,
    accountNumber: row.bankAccountNumber!,
    amountVnd: row.totalVnd,
    note: reference,
  });
  const qrSvg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const qrPngDataUrl = await QRCode.toDataURL(payload, { type: "image/png", errorCorrectionLevel: "M", margin: 2, width: 480 });
  return {
    bankBin: row.bankBin!,
    bankName: bankNameOf(row.bankBin!),
    accountNumber: row.bankAccountNumber!,
    accountName: row.bankAccountName!,
    amountVnd: row.totalVnd,
    reference,
    payload,
    qrSvg,
    qrPngDataUrl,
  };
}

export interface ConfirmTransferInput {
  subOrderId: string;
  /** The cooperative confirming: a sub-order of another cooperative reads as not found. */
  organisationId: string;
  /** Null when a bank feed confirms by itself. */
  actorUserId: string | null;
  /** The bank's transaction id or the note as received, when known. */
  reference?: string | undefined;
}

export type ConfirmTransferResult = { ok: true } | { ok: false; reason: "not_found" | "already_paid" | "cancelled" };

/**
 * The money of a transfer arrived: the VietQR payment succeeds, the sub-order is paid and moves
 * pending → confirmed. The sub-order row is locked, so two confirmations cannot both pass.
 */
export async function confirmTransferReceived(db: Database, input: ConfirmTransferInput, now: Date = new Date()): Promise<ConfirmTransferResult> {
  const result = await transact(db, { userId: input.actorUserId, organisationId: input.organisationId }, async ({ db: tx }) => {
    const [sub] = await tx
      .select()
      .from(subOrders)
      .where(and(eq(subOrders.id, input.subOrderId), eq(subOrders.organisationId, input.organisationId)))
      .for("update");
    if (!sub) return { ok: false, reason: "not_found" } as const;
    if (sub.paymentStatus !== "unpaid") return { ok: false, reason: "already_paid" } as const;
    if (sub.status === "cancelled") return { ok: false, reason: "cancelled" } as const;
    const [payment] = await tx
      .update(payments)
      .set({
        status: "succeeded",
        reference: input.reference?.trim().slice(0, 100) || sub.reference,
        confirmedBy: input.actorUserId,
        confirmedAt: now,
        updatedAt: now,
      })
      .where(and(eq(payments.subOrderId, sub.id), eq(payments.provider, "vietqr"), eq(payments.status, "pending")))
      .returning({ id: payments.id, amountVnd: payments.amountVnd });
    if (!payment) return { ok: false, reason: "not_found" } as const;
    const details = { provider: "vietqr", amountVnd: payment.amountVnd, ...(input.reference ? { bankReference: input.reference } : {}) };
    await tx.update(subOrders).set({ paymentStatus: "paid", updatedAt: now }).where(eq(subOrders.id, sub.id));
    await tx.insert(orderEvents).values({ orderId: sub.orderId, subOrderId: sub.id, status: "paid", details, actorUserId: input.actorUserId, createdAt: now });
    if (sub.status === "pending") {
      await tx.update(subOrders).set({ status: "confirmed", updatedAt: now }).where(and(eq(subOrders.id, sub.id), eq(subOrders.status, "pending")));
      await tx.insert(orderEvents).values({ orderId: sub.orderId, subOrderId: sub.id, status: "confirmed", details, actorUserId: input.actorUserId, createdAt: now });
    }
    return { ok: true } as const;
  });
  return result;
}
