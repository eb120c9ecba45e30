import type { Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
import { recordAudit, type AuditEntry } from "~/audit/audit.server";
import type { Refusal } from "./result";

/**
 * The one way a command writes: its work runs in one transaction (a savepoint when `db` is already a
 * transaction), writes its audit entries beside its rows, and answers a value. A refusal — returned
 * by the work, or thrown from deep inside it with `rollbackWith` — rolls back everything the work
 * wrote and comes back as the value `{ ok: false, reason, ... }`. Anything else thrown is a fault:
 * it rolls back and propagates.
 */

/** Who is acting: written on every audit entry of the command. */
export interface Actor {
  userId: string | null;
  /** The tenant the change belongs to; null for platform-wide changes. */
  organisationId: string | null;
}

export const systemActor: Actor = { userId: null, organisationId: null };

/**
 * An audit entry as a command writes it; the actor fills who and which organisation unless given (a sign-up's
 * entries name the account it has just created).
 */
export type AuditChange = Omit<AuditEntry, "actorUserId" | "organisationId"> & { organisationId?: string | null; actorUserId?: string | null };

export interface Tx {
  /** The transaction: pass it to queries and to other commands (which then run in a savepoint). */
  db: Database;
  /** Appends an audit entry in this transaction. */
  audit(change: AuditChange): Promise<void>;
}

class RollbackSignal extends Error {
  constructor(readonly refusal: Refusal) {
    super(`refused: ${refusal.reason}`);
    this.name = "RollbackSignal";
  }
}

/** Ends the current `transact` work with this refusal, rolling back what it wrote. */
export function rollbackWith<R extends Refusal>(refusal: R): never {
  throw new RollbackSignal(refusal);
}

export interface TransactOptions<U extends Refusal> {
  /**
   * Unique constraints the work may hit because of what a person typed (a code already taken):
   * constraint name → the refusal to answer instead of a fault.
   */
  uniqueViolations?: Record<string, U>;
}

/**
 * The command's answer is what the work returns (`W`, its refusals included) or one of the refusals named in
 * `uniqueViolations` (`U`). A refusal thrown with `rollbackWith` must be one the caller expects too.
 */
export async function transact<W extends { ok: boolean }, U extends Refusal = never>(
  db: Database,
  actor: Actor,
  work: (tx: Tx) => Promise<W>,
  options: TransactOptions<U> = {},
): Promise<W | NoInfer<U>> {
  try {
    return await db.transaction(async (txDb) => {
      const tx: Tx = {
        db: txDb,
        audit: async (change) => {
          await recordAudit(txDb, {
            ...change,
            actorUserId: change.actorUserId === undefined ? actor.userId : change.actorUserId,
            organisationId: change.organisationId === undefined ? actor.organisationId : change.organisationId,
          });
        },
      };
      const result = await work(tx);
      if (!result.ok) throw new RollbackSignal(result as unknown as Refusal);
      return result;
    });
  } catch (error) {
    if (error instanceof RollbackSignal) return error.refusal as unknown as W;
    for (const [constraint, refusal] of Object.entries(options.uniqueViolations ?? {})) {
      if (isUniqueViolation(error, constraint)) return refusal;
    }
    throw error;
  }
}
