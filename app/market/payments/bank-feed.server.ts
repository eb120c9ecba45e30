import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { organisations, payments, subOrders } from "#db/schema";
import { transferNote } from "../vietqr";
import { confirmTransferReceived } from "./transfer.server";

/** One incoming credit on a cooperative's account, as a bank integration reports it. */
export interface BankTransaction {
  /** The bank's own transaction id: kept as the payment's reference, so a re-read changes nothing. */
  id: string;
  /** The account credited (digits). */
  accountNumber: string;
  amountVnd: number;
  /** The note the payer wrote; banks upper-case it and drop punctuation. */
  description: string;
  bookedAt: Date;
}

/**
 * What a later bank integration implements (an open-banking API, a bank's webhook, a statement
 * import): the credits booked since a moment. Matching and confirmation stay here.
 */
export interface BankFeed {
  creditsSince(since: Date): Promise<BankTransaction[]>;
}

export type BankMatch =
  | { transactionId: string; outcome: "confirmed"; subOrderId: string }
  | { transactionId: string; outcome: "already_paid" | "cancelled"; subOrderId: string }
  | { transactionId: string; outcome: "no_reference" | "unknown_reference" | "wrong_account" | "wrong_amount" };

/** Sub-order references ("DH-7K3M9QX2-1") as they survive in a bank note ("DH 7K3M9QX2 1"). */
const REFERENCE_IN_NOTE = /\bDH ?([0-9A-HJKMNP-TV-Z]{8}) ?(\d{1,3})\b/;

/** Finds the sub-order reference in a transfer note, whatever the bank did to its punctuation. */
export function referenceInNote(description: string): string | null {
  const match = REFERENCE_IN_NOTE.exec(transferNote(description, 500));
  return match ? `DH-${match[1]}-${match[2]}` : null;
}

/**
 * Matches one credit to a pending VietQR payment by reference, account and exact amount, and
 * confirms it like a cooperative would (actor null, the bank's transaction id as reference).
 */
export async function matchBankTransaction(db: Database, txn: BankTransaction, now: Date = new Date()): Promise<BankMatch> {
  const reference = referenceInNote(txn.description);
  if (!reference) return { transactionId: txn.id, outcome: "no_reference" };
  const [row] = await db
    .select({
      subOrderId: subOrders.id,
      organisationId: subOrders.organisationId,
      accountNumber: organisations.bankAccountNumber,
    })
    .from(subOrders)
    .innerJoin(organisations, eq(organisations.id, subOrders.organisationId))
    .where(eq(subOrders.reference, reference));
  if (!row) return { transactionId: txn.id, outcome: "unknown_reference" };
  if (row.accountNumber !== txn.accountNumber) return { transactionId: txn.id, outcome: "wrong_account" };
  const [payment] = await db
    .select({ amountVnd: payments.amountVnd, status: payments.status })
    .from(payments)
    .where(and(eq(payments.subOrderId, row.subOrderId), eq(payments.provider, "vietqr")));
  if (payment && payment.status === "pending" && payment.amountVnd !== txn.amountVnd) return { transactionId: txn.id, outcome: "wrong_amount" };
  const result = await confirmTransferReceived(
    db,
    { subOrderId: row.subOrderId, organisationId: row.organisationId, actorUserId: null, reference: txn.id },
    now,
  );
  if (result.ok) return { transactionId: txn.id, outcome: "confirmed", subOrderId: row.subOrderId };
  if (result.reason === "not_found") return { transactionId: txn.id, outcome: "unknown_reference" };
  return { transactionId: txn.id, outcome: result.reason, subOrderId: row.subOrderId };
}

/** Reads the feed and matches every credit; run it again over the same window and nothing changes. */
export async function matchBankFeed(db: Database, feed: BankFeed, since: Date, now: Date = new Date()): Promise<BankMatch[]> {
  const out: BankMatch[] = [];
  for (const txn of await feed.creditsSince(since)) out.push(await matchBankTransaction(db, txn, now));
  return out;
}
